using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ConsecutiveTimes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "slot_id",
                table: "hold_cards",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "slot_id",
                table: "booked_cards",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_hold_cards_slot_id",
                table: "hold_cards",
                column: "slot_id");

            migrationBuilder.CreateIndex(
                name: "IX_booked_cards_slot_id",
                table: "booked_cards",
                column: "slot_id");

            migrationBuilder.AddForeignKey(
                name: "FK_booked_cards_slots_slot_id",
                table: "booked_cards",
                column: "slot_id",
                principalTable: "slots",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_hold_cards_slots_slot_id",
                table: "hold_cards",
                column: "slot_id",
                principalTable: "slots",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_booked_cards_slots_slot_id",
                table: "booked_cards");

            migrationBuilder.DropForeignKey(
                name: "FK_hold_cards_slots_slot_id",
                table: "hold_cards");

            migrationBuilder.DropIndex(
                name: "IX_hold_cards_slot_id",
                table: "hold_cards");

            migrationBuilder.DropIndex(
                name: "IX_booked_cards_slot_id",
                table: "booked_cards");

            migrationBuilder.DropColumn(
                name: "slot_id",
                table: "hold_cards");

            migrationBuilder.DropColumn(
                name: "slot_id",
                table: "booked_cards");
        }
    }
}
