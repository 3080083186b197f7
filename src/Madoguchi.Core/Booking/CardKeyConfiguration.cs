namespace Madoguchi.Booking;

internal sealed class CardKeyConfiguration : IEntityTypeConfiguration<CardKey>
{
    public void Configure(EntityTypeBuilder<CardKey> e)
    {
        // A view over ledger_entries created by the migrations; the public zone's only window on the ledger.
        e.ToView("card_keys");
        e.HasKey(x => x.ManagementNumber);
    }
}
