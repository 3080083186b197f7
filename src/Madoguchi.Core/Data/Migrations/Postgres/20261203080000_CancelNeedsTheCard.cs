using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Data.Migrations.Postgres
{
    /// <summary>
    /// The public role reads booking codes (a new code must be unique), so a code alone is no proof:
    /// <c>cancel_booking_by_code</c> now takes the card's number and date digest and checks them
    /// itself through <c>check_card</c> (counted and locked as every check is) and the card's place
    /// on the booking, before it removes anything or returns the e-mail address. Its clock is the
    /// database's for the public role. No role but the owner may create objects in schema public, so
    /// nothing there can stand in for a built-in an owner function calls (ADR 0027). The model does
    /// not change.
    /// </summary>
    [DbContext(typeof(PostgresMadoguchiDb))]
    [Migration("20261203080000_CancelNeedsTheCard")]
    public partial class CancelNeedsTheCard : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(@"
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
DROP FUNCTION cancel_booking_by_code(text, bigint, text[]);

CREATE FUNCTION cancel_booking_by_code(p_code text, p_number text, p_digest text, p_client text, p_now bigint, p_erased_subjects text[])
RETURNS TABLE (id bigint, code text, slot_id bigint, place_id integer, start bigint, ""end"" bigint, people integer, email text, created_at bigint, channel text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
    b bookings%ROWTYPE;
    -- As in check_card: only the owner (migrations, tests with their clock) may pass its own time.
    v_now bigint := CASE WHEN session_user = current_user AND p_now IS NOT NULL THEN p_now
        ELSE (extract(epoch FROM clock_timestamp()) * 10000000)::bigint + 621355968000000000 END;
    v_outcome integer;
BEGIN
    -- The card first, counted like any check: a wrong or locked card cancels nothing and learns nothing.
    SELECT c.outcome INTO v_outcome FROM check_card(p_number, p_digest, p_client, v_now) c;
    IF v_outcome IS DISTINCT FROM 1 THEN
        RETURN;
    END IF;

    -- Still booked (status 1), the card on it, and no card handed over on it: otherwise nothing is done.
    SELECT * INTO b FROM bookings WHERE bookings.code = p_code AND bookings.status = 1 FOR UPDATE;
    IF NOT FOUND
        OR NOT EXISTS (SELECT 1 FROM booked_cards c WHERE c.booking_id = b.id AND c.management_number = p_number AND c.active)
        OR EXISTS (SELECT 1 FROM card_issues i WHERE i.booking_id = b.id AND i.corrected_at IS NULL) THEN
        RETURN;
    END IF;

    DELETE FROM bookings WHERE bookings.id = b.id;
    -- Its mails waiting (not being sent this moment) or failed never go (status 1 pending, 3 failed, 4 superseded),
    -- and all but those still waiting lose address, text and code now (CitizenNotices.ForgetAsync).
    UPDATE outbox_mails m SET status = 4, claimed_until = NULL, claimed_by = NULL
    WHERE m.booking_id = b.id AND ((m.status = 1 AND (m.claimed_until IS NULL OR m.claimed_until < v_now)) OR m.status = 3);
    UPDATE outbox_mails m SET ""to"" = NULL, text_body = '', html_body = '', calendar = NULL, subject = p_erased_subjects[m.kind]
    WHERE m.booking_id = b.id AND m.status <> 1;

    RETURN QUERY SELECT b.id, b.code::text, b.slot_id, b.place_id, b.start, b.""end"", b.people, b.email::text, b.created_at, b.channel::text;
END
$fn$;

REVOKE ALL ON FUNCTION cancel_booking_by_code(text, text, text, text, bigint, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cancel_booking_by_code(text, text, text, text, bigint, text[]) TO madoguchi_public, madoguchi_office;
");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(@"
DROP FUNCTION cancel_booking_by_code(text, text, text, text, bigint, text[]);
CREATE FUNCTION cancel_booking_by_code(p_code text, p_now bigint, p_erased_subjects text[])
RETURNS TABLE (id bigint, code text, slot_id bigint, place_id integer, start bigint, ""end"" bigint, people integer, email text, created_at bigint, channel text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
    b bookings%ROWTYPE;
BEGIN
    SELECT * INTO b FROM bookings WHERE bookings.code = p_code AND bookings.status = 1 FOR UPDATE;
    IF NOT FOUND OR EXISTS (SELECT 1 FROM card_issues i WHERE i.booking_id = b.id AND i.corrected_at IS NULL) THEN
        RETURN;
    END IF;

    DELETE FROM bookings WHERE bookings.id = b.id;
    UPDATE outbox_mails m SET status = 4, claimed_until = NULL, claimed_by = NULL
    WHERE m.booking_id = b.id AND ((m.status = 1 AND (m.claimed_until IS NULL OR m.claimed_until < p_now)) OR m.status = 3);
    UPDATE outbox_mails m SET ""to"" = NULL, text_body = '', html_body = '', calendar = NULL, subject = p_erased_subjects[m.kind]
    WHERE m.booking_id = b.id AND m.status <> 1;

    RETURN QUERY SELECT b.id, b.code::text, b.slot_id, b.place_id, b.start, b.""end"", b.people, b.email::text, b.created_at, b.channel::text;
END
$fn$;
REVOKE ALL ON FUNCTION cancel_booking_by_code(text, bigint, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cancel_booking_by_code(text, bigint, text[]) TO madoguchi_public, madoguchi_office;
");
        }
    }
}
