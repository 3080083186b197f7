using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Data.Migrations.Sqlite
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
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    friendly_name = table.Column<string>(type: "TEXT", nullable: true),
                    xml = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_office_data_protection_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "outbox_mails",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    event_key = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    kind = table.Column<int>(type: "INTEGER", nullable: false),
                    booking_id = table.Column<long>(type: "INTEGER", nullable: true),
                    to = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    subject = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    text_body = table.Column<string>(type: "TEXT", nullable: false),
                    html_body = table.Column<string>(type: "TEXT", nullable: false),
                    calendar = table.Column<string>(type: "TEXT", nullable: true),
                    message_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    next_attempt_at = table.Column<long>(type: "INTEGER", nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    claimed_until = table.Column<long>(type: "INTEGER", nullable: true),
                    claimed_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    sent_at = table.Column<long>(type: "INTEGER", nullable: true),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
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
