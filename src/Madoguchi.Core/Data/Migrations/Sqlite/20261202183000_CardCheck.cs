using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Data.Migrations.Sqlite
{
    /// <summary>The per-card-and-address lock-out of ADR 0025, reached by SQL only (the model does not change).</summary>
    [DbContext(typeof(SqliteMadoguchiDb))]
    [Migration("20261202183000_CardCheck")]
    public partial class CardCheck : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(@"
CREATE TABLE card_client_attempts (
    management_number TEXT NOT NULL,
    client TEXT NOT NULL,
    failures INTEGER NOT NULL,
    last_failure_at INTEGER NOT NULL,
    locked_until INTEGER NULL,
    strikes INTEGER NOT NULL,
    struck_at INTEGER NOT NULL,
    CONSTRAINT pk_card_client_attempts PRIMARY KEY (management_number, client));
CREATE INDEX ix_card_client_attempts_last_failure_at ON card_client_attempts (last_failure_at);
");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE card_client_attempts;");
        }
    }
}
