using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AuditKeysAndPublicReach : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "key_id",
                table: "audit_entries",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            // The public zone writes no audit entries and reads none (ADR 0026): with INSERT and the
            // last id and hash it could chain an entry that verified.
            migrationBuilder.Sql("REVOKE ALL ON audit_entries, audit_checkpoints FROM madoguchi_public;");

            // The public zone reaches one booking only by its code (ADR 0027): it reads no phone or
            // e-mail, changes and removes no booking, and only adds to the outbox (EF reads back the id
            // it inserted). booking_by_code answers that one booking, its phone masked as the page masks
            // it; cancel_booking_by_code removes it and forgets its mails, as CancelBooking does.
            migrationBuilder.Sql(@"
REVOKE ALL ON bookings, outbox_mails FROM madoguchi_public;
GRANT SELECT (id, code, slot_id, place_id, start, ""end"", people, status, created_at, hold_id, channel, checked_in_at, counter), INSERT ON bookings TO madoguchi_public;
GRANT SELECT (id), INSERT ON outbox_mails TO madoguchi_public;

CREATE FUNCTION booking_by_code(p_code text)
RETURNS TABLE (id bigint, code text, slot_id bigint, place_id integer, start bigint, ""end"" bigint, people integer, status integer, masked_phone text, has_email boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
    SELECT b.id, b.code::text, b.slot_id, b.place_id, b.start, b.""end"", b.people, b.status,
           CASE WHEN length(b.phone) <= 4 THEN b.phone::text ELSE regexp_replace(left(b.phone, -4), '[^-]', '*', 'g') || right(b.phone, 4) END,
           b.email IS NOT NULL
    FROM bookings b
    WHERE b.code = p_code
$fn$;

CREATE FUNCTION cancel_booking_by_code(p_code text, p_now bigint, p_erased_subjects text[])
RETURNS TABLE (id bigint, code text, slot_id bigint, place_id integer, start bigint, ""end"" bigint, people integer, email text, created_at bigint, channel text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
    b bookings%ROWTYPE;
BEGIN
    -- Still booked (status 1) and no card handed over on it: otherwise nothing is done.
    SELECT * INTO b FROM bookings WHERE bookings.code = p_code AND bookings.status = 1 FOR UPDATE;
    IF NOT FOUND OR EXISTS (SELECT 1 FROM card_issues i WHERE i.booking_id = b.id AND i.corrected_at IS NULL) THEN
        RETURN;
    END IF;

    DELETE FROM bookings WHERE bookings.id = b.id;
    -- Its mails waiting (not being sent this moment) or failed never go (status 1 pending, 3 failed, 4 superseded),
    -- and all but those still waiting lose address, text and code now (CitizenNotices.ForgetAsync).
    UPDATE outbox_mails m SET status = 4, claimed_until = NULL, claimed_by = NULL
    WHERE m.booking_id = b.id AND ((m.status = 1 AND (m.claimed_until IS NULL OR m.claimed_until < p_now)) OR m.status = 3);
    UPDATE outbox_mails m SET ""to"" = NULL, text_body = '', html_body = '', calendar = NULL, subject = p_erased_subjects[m.kind]
    WHERE m.booking_id = b.id AND m.status <> 1;

    RETURN QUERY SELECT b.id, b.code::text, b.slot_id, b.place_id, b.start, b.""end"", b.people, b.email::text, b.created_at, b.channel::text;
END
$fn$;

REVOKE ALL ON FUNCTION booking_by_code(text), cancel_booking_by_code(text, bigint, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION booking_by_code(text), cancel_booking_by_code(text, bigint, text[]) TO madoguchi_public, madoguchi_office;
");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(@"
DROP FUNCTION IF EXISTS booking_by_code(text);
DROP FUNCTION IF EXISTS cancel_booking_by_code(text, bigint, text[]);
GRANT SELECT, INSERT, UPDATE, DELETE ON bookings TO madoguchi_public;
GRANT SELECT, INSERT, UPDATE ON outbox_mails TO madoguchi_public;
GRANT SELECT (id, hash), INSERT ON audit_entries TO madoguchi_public;
");
            migrationBuilder.DropColumn(
                name: "key_id",
                table: "audit_entries");
        }
    }
}
