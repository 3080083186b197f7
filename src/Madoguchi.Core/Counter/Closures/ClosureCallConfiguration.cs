using Madoguchi.Booking;

namespace Madoguchi.Counter.Closures;

internal sealed class ClosureCallConfiguration : IEntityTypeConfiguration<ClosureCall>
{
    public void Configure(EntityTypeBuilder<ClosureCall> e)
    {
        e.ToTable("closure_calls");
        e.HasIndex(x => new { x.ClosedDayId, x.BookingId }).IsUnique();
        e.Property(x => x.Note).HasMaxLength(400);
    }
}
