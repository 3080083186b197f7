using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Madoguchi.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Audit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_checkpoints",
                columns: table => new
                {
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    last_entry_id = table.Column<long>(type: "bigint", nullable: false),
                    last_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    written_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_checkpoints", x => x.day);
                });

            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    at = table.Column<long>(type: "bigint", nullable: false),
                    staff_id = table.Column<int>(type: "integer", nullable: true),
                    staff_login = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    role = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    address = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    user_agent = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    action = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    records = table.Column<string>(type: "text", nullable: false),
                    record_count = table.Column<int>(type: "integer", nullable: false),
                    outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    previous_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "data_protection_keys",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    friendly_name = table.Column<string>(type: "text", nullable: true),
                    xml = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_protection_keys", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_at",
                table: "audit_entries",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_staff_id_at",
                table: "audit_entries",
                columns: new[] { "staff_id", "at" });

            // Two roles (docs/decisions/0010-database-roles.md): the office zone's, and the public zone's,
            // which can read card keys, places, slots and closed days, write holds and bookings, append to
            // the audit log, and nothing else: no ledger, no staff accounts. Neither may change or remove an
            // audit entry. The roles are cluster-wide; their passwords are set by the city's DBA.
            migrationBuilder.Sql(@"
DO $roles$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'madoguchi_office') THEN CREATE ROLE madoguchi_office LOGIN; END IF;
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'madoguchi_public') THEN CREATE ROLE madoguchi_public LOGIN; END IF;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO madoguchi_office, madoguchi_public', current_database());
END
$roles$;
GRANT USAGE ON SCHEMA public TO madoguchi_office, madoguchi_public;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO madoguchi_office;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO madoguchi_office, madoguchi_public;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_entries, audit_checkpoints FROM madoguchi_office;
GRANT SELECT ON card_keys, places, slots, closed_days, imported_holidays, ""__EFMigrationsHistory"" TO madoguchi_public;
GRANT INSERT, UPDATE ON slots TO madoguchi_public;
GRANT SELECT, INSERT, UPDATE, DELETE ON holds, hold_cards, bookings, booked_cards, card_attempts, client_counts, idempotent_answers TO madoguchi_public;
GRANT SELECT, INSERT ON booking_tombstones TO madoguchi_public;
GRANT SELECT, INSERT ON data_protection_keys TO madoguchi_public;
GRANT SELECT (id, hash), INSERT ON audit_entries TO madoguchi_public;
GRANT SELECT (booking_id, corrected_at) ON card_issues TO madoguchi_public;
");

            // Grants bind the two roles; these triggers bind the owner as well, as SQLite's do.
            migrationBuilder.Sql(@"
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $refuse$
BEGIN
    RAISE EXCEPTION 'audit entries and checkpoints cannot be changed or removed';
END
$refuse$;
CREATE TRIGGER audit_entries_no_change BEFORE UPDATE OR DELETE ON audit_entries FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoints_no_change BEFORE UPDATE OR DELETE ON audit_checkpoints FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_entries_no_change ON audit_entries; DROP TRIGGER IF EXISTS audit_entries_no_truncate ON audit_entries; " +
                "DROP TRIGGER IF EXISTS audit_checkpoints_no_change ON audit_checkpoints; DROP TRIGGER IF EXISTS audit_checkpoints_no_truncate ON audit_checkpoints; " +
                "DROP FUNCTION IF EXISTS audit_refuse_change();");
            migrationBuilder.Sql("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM madoguchi_public, madoguchi_office;");

            migrationBuilder.DropTable(
                name: "audit_checkpoints");

            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropTable(
                name: "data_protection_keys");
        }
    }
}
