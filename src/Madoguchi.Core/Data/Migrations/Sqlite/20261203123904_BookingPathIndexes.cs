using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class BookingPathIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_booked_cards_management_number",
                table: "booked_cards");

            migrationBuilder.CreateIndex(
                name: "IX_card_issues_booking_id",
                table: "card_issues",
                column: "booking_id");

            migrationBuilder.CreateIndex(
                name: "IX_booked_cards_management_number",
                table: "booked_cards",
                column: "management_number",
                unique: true,
                filter: "\"active\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_card_issues_booking_id",
                table: "card_issues");

            migrationBuilder.DropIndex(
                name: "IX_booked_cards_management_number",
                table: "booked_cards");

            migrationBuilder.CreateIndex(
                name: "IX_booked_cards_management_number",
                table: "booked_cards",
                column: "management_number",
                unique: true,
                filter: "\"active\" = 1");
        }
    }
}
