using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Madoguchi.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class KeysApartAndOutbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "office_data_protection_keys",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    friendly_name = table.Column<string>(type: "text", nullable: true),
                    xml = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_office_data_protection_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "outbox_mails",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    event_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    booking_id = table.Column<long>(type: "bigint", nullable: true),
                    to = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    subject = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    text_body = table.Column<string>(type: "text", nullable: false),
                    html_body = table.Column<string>(type: "text", nullable: false),
                    calendar = table.Column<string>(type: "text", nullable: true),
                    message_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<long>(type: "bigint", nullable: false),
                    next_attempt_at = table.Column<long>(type: "bigint", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    claimed_until = table.Column<long>(type: "bigint", nullable: true),
                    claimed_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    sent_at = table.Column<long>(type: "bigint", nullable: true),
                    last_error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox_mails", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_outbox_mails_booking_id",
                table: "outbox_mails",
                column: "booking_id");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_mails_created_at",
                table: "outbox_mails",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_mails_event_key",
                table: "outbox_mails",
                column: "event_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_outbox_mails_status_next_attempt_at",
                table: "outbox_mails",
                columns: new[] { "status", "next_attempt_at" });

            // Office-serving processes keep their keys where the public role cannot read or add (ADR 0010);
            // the outbox is written by both zones (a booking made in public sends its confirmation).
            migrationBuilder.Sql(@"
GRANT SELECT, INSERT, UPDATE, DELETE ON office_data_protection_keys, outbox_mails TO madoguchi_office;
GRANT USAGE, SELECT ON SEQUENCE office_data_protection_keys_id_seq, outbox_mails_id_seq TO madoguchi_office;
REVOKE ALL ON office_data_protection_keys FROM madoguchi_public;
GRANT SELECT, INSERT, UPDATE ON outbox_mails TO madoguchi_public;
GRANT USAGE, SELECT ON SEQUENCE outbox_mails_id_seq TO madoguchi_public;
");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "office_data_protection_keys");

            migrationBuilder.DropTable(
                name: "outbox_mails");
        }
    }
}
