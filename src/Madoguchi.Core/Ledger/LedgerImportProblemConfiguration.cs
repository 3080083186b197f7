namespace Madoguchi.Ledger;

internal sealed class LedgerImportProblemConfiguration : IEntityTypeConfiguration<LedgerImportProblem>
{
    public void Configure(EntityTypeBuilder<LedgerImportProblem> e)
    {
        e.ToTable("ledger_import_problems");
        e.HasIndex(x => new { x.ImportId, x.Line });
        e.Property(x => x.Column).HasMaxLength(40);
        e.Property(x => x.Reason).HasMaxLength(400);
    }
}
