namespace Madoguchi.Booking;

internal sealed class BookedCardConfiguration(DatabaseProvider provider) : IEntityTypeConfiguration<BookedCard>
{
    public void Configure(EntityTypeBuilder<BookedCard> e)
    {
        e.ToTable("booked_cards");
        e.Property(x => x.ManagementNumber).HasMaxLength(10);
        e.HasIndex(x => x.ManagementNumber).IsUnique()
            // The filter is written as the queries write it ("WHERE active"): SQLite uses a partial
            // index only for a query whose WHERE names the index's own terms (issue 14).
            .HasFilter(provider == DatabaseProvider.Sqlite ? "\"active\"" : "active");
        e.HasOne<Slot>().WithMany().HasForeignKey(x => x.SlotId).OnDelete(DeleteBehavior.Restrict);
    }
}
