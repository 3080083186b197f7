using Madoguchi.Booking;

namespace Madoguchi.Counter;

internal sealed class CardIssueConfiguration : IEntityTypeConfiguration<CardIssue>
{
    public void Configure(EntityTypeBuilder<CardIssue> e)
    {
        e.ToTable("card_issues");
        e.HasIndex(x => x.ManagementNumber);
        e.HasIndex(x => new { x.PlaceId, x.IssuedAt });
        e.HasIndex(x => x.BookingId);
        e.Property(x => x.ManagementNumber).HasMaxLength(10);
        e.Property(x => x.CorrectionReason).HasMaxLength(400);
    }
}
