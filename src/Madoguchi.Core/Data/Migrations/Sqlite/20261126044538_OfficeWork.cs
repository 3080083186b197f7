using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OfficeWork : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "checked_in_at",
                table: "bookings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "counter",
                table: "bookings",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "status",
                table: "bookings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "booking_tombstones",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    place_id = table.Column<int>(type: "INTEGER", nullable: false),
                    start = table.Column<long>(type: "INTEGER", nullable: false),
                    people = table.Column<int>(type: "INTEGER", nullable: false),
                    booked_at = table.Column<long>(type: "INTEGER", nullable: false),
                    cancelled_at = table.Column<long>(type: "INTEGER", nullable: false),
                    cancelled_by = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    channel = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_booking_tombstones", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "card_issues",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    management_number = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    booking_id = table.Column<long>(type: "INTEGER", nullable: true),
                    place_id = table.Column<int>(type: "INTEGER", nullable: false),
                    counter = table.Column<int>(type: "INTEGER", nullable: false),
                    issued_at = table.Column<long>(type: "INTEGER", nullable: false),
                    issued_by = table.Column<int>(type: "INTEGER", nullable: false),
                    corrected_at = table.Column<long>(type: "INTEGER", nullable: true),
                    corrected_by = table.Column<int>(type: "INTEGER", nullable: true),
                    correction_reason = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_card_issues", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "closure_calls",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    closed_day_id = table.Column<int>(type: "INTEGER", nullable: false),
                    booking_id = table.Column<long>(type: "INTEGER", nullable: false),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    note = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    staff_id = table.Column<int>(type: "INTEGER", nullable: true),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_closure_calls", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "ledger_status_changes",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    entry_id = table.Column<long>(type: "INTEGER", nullable: false),
                    from = table.Column<int>(type: "INTEGER", nullable: false),
                    to = table.Column<int>(type: "INTEGER", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    staff_id = table.Column<int>(type: "INTEGER", nullable: false),
                    changed_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ledger_status_changes", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_bookings_phone",
                table: "bookings",
                column: "phone");

            migrationBuilder.CreateIndex(
                name: "IX_booking_tombstones_place_id_start",
                table: "booking_tombstones",
                columns: new[] { "place_id", "start" });

            migrationBuilder.CreateIndex(
                name: "IX_card_issues_management_number",
                table: "card_issues",
                column: "management_number");

            migrationBuilder.CreateIndex(
                name: "IX_card_issues_place_id_issued_at",
                table: "card_issues",
                columns: new[] { "place_id", "issued_at" });

            migrationBuilder.CreateIndex(
                name: "IX_closure_calls_closed_day_id_booking_id",
                table: "closure_calls",
                columns: new[] { "closed_day_id", "booking_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ledger_status_changes_entry_id",
                table: "ledger_status_changes",
                column: "entry_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "booking_tombstones");

            migrationBuilder.DropTable(
                name: "card_issues");

            migrationBuilder.DropTable(
                name: "closure_calls");

            migrationBuilder.DropTable(
                name: "ledger_status_changes");

            migrationBuilder.DropIndex(
                name: "IX_bookings_phone",
                table: "bookings");

            migrationBuilder.DropColumn(
                name: "checked_in_at",
                table: "bookings");

            migrationBuilder.DropColumn(
                name: "counter",
                table: "bookings");

            migrationBuilder.DropColumn(
                name: "status",
                table: "bookings");
        }
    }
}
