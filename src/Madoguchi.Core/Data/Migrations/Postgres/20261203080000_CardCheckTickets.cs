using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Data.Migrations.Postgres
{
    /// <summary>
    /// A card check's answer is given only after its count is committed (ADR 0025). Before, the
    /// public role called <c>check_card</c> itself, and inside a transaction it rolled back, every
    /// wrong date went uncounted: an unlimited oracle for whoever holds the public connection string
    /// and the card key. Now <c>start_card_check</c> runs the check, keeps its answer under a random
    /// ticket and returns the ticket only; <c>card_check_result</c> answers for a ticket made in
    /// another, committed transaction. The count stands whether the caller commits or not: a rolled
    /// back check leaves no answer to read.
    /// The codes are readable (a new code must be unique), so a code alone is no proof either:
    /// <c>cancel_booking_by_code</c> takes a ticket of a right check of a card on the booking, made in
    /// the last ten minutes, and uses it up. Its clock is the database's for the public role. No role
    /// but the owner may create objects in schema public, so nothing there can stand in for a
    /// built-in an owner function calls. The model does not change.
    /// </summary>
    [DbContext(typeof(PostgresMadoguchiDb))]
    [Migration("20261203080000_CardCheckTickets")]
    public partial class CardCheckTickets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(@"
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

CREATE TABLE card_checks (
    ticket uuid NOT NULL,
    management_number text NOT NULL,
    outcome integer NOT NULL,
    status integer NULL,
    arrived_on date NULL,
    locked_until bigint NULL,
    at bigint NOT NULL,
    made_in xid8 NOT NULL,
    CONSTRAINT pk_card_checks PRIMARY KEY (ticket));
CREATE INDEX ix_card_checks_management_number_at ON card_checks (management_number, at);
REVOKE ALL ON card_checks FROM madoguchi_public;
GRANT SELECT, INSERT, UPDATE, DELETE ON card_checks TO madoguchi_office;

CREATE FUNCTION start_card_check(p_number text, p_digest text, p_client text, p_now bigint DEFAULT NULL)
RETURNS uuid
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
    -- As in check_card: only the owner (migrations, tests with their clock) may pass its own time.
    v_now bigint := CASE WHEN session_user = current_user AND p_now IS NOT NULL THEN p_now
        ELSE (extract(epoch FROM clock_timestamp()) * 10000000)::bigint + 621355968000000000 END;
    v_ticket uuid := gen_random_uuid();
    c record;
BEGIN
    SELECT * INTO c FROM check_card(p_number, p_digest, p_client, v_now);
    -- A card's tickets older than an hour go as new ones come.
    DELETE FROM card_checks k WHERE k.management_number = p_number AND k.at < v_now - 36000000000::bigint;
    INSERT INTO card_checks (ticket, management_number, outcome, status, arrived_on, locked_until, at, made_in)
    VALUES (v_ticket, p_number, c.outcome, c.status, c.arrived_on, c.locked_until, v_now, pg_current_xact_id());
    RETURN v_ticket;
END
$fn$;

CREATE FUNCTION card_check_result(p_ticket uuid)
RETURNS TABLE (outcome integer, status integer, arrived_on date, locked_until bigint)
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
    -- Only a check committed by another transaction: in the one that made it, it could still be rolled back.
    SELECT k.outcome, k.status, k.arrived_on, k.locked_until FROM card_checks k
    WHERE k.ticket = p_ticket AND k.made_in IS DISTINCT FROM pg_current_xact_id_if_assigned()
$fn$;

REVOKE ALL ON FUNCTION check_card(text, text, text, bigint) FROM madoguchi_public;
REVOKE ALL ON FUNCTION start_card_check(text, text, text, bigint), card_check_result(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION start_card_check(text, text, text, bigint), card_check_result(uuid) TO madoguchi_public, madoguchi_office;

DROP FUNCTION cancel_booking_by_code(text, bigint, text[]);

CREATE FUNCTION cancel_booking_by_code(p_code text, p_ticket uuid, p_now bigint, p_erased_subjects text[])
RETURNS TABLE (id bigint, code text, slot_id bigint, place_id integer, start bigint, ""end"" bigint, people integer, email text, created_at bigint, channel text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
    b bookings%ROWTYPE;
    v_now bigint := CASE WHEN session_user = current_user AND p_now IS NOT NULL THEN p_now
        ELSE (extract(epoch FROM clock_timestamp()) * 10000000)::bigint + 621355968000000000 END;
    v_number text;
BEGIN
    -- A right check of a card, committed, in the last ten minutes: used up here whatever follows.
    DELETE FROM card_checks k
    WHERE k.ticket = p_ticket AND k.outcome = 1 AND k.at > v_now - 6000000000::bigint
      AND k.made_in IS DISTINCT FROM pg_current_xact_id_if_assigned()
    RETURNING k.management_number INTO v_number;
    IF v_number IS NULL THEN
        RETURN;
    END IF;

    -- Still booked (status 1), that card on it, and no card handed over on it: otherwise nothing is done.
    SELECT * INTO b FROM bookings WHERE bookings.code = p_code AND bookings.status = 1 FOR UPDATE;
    IF NOT FOUND
        OR NOT EXISTS (SELECT 1 FROM booked_cards c WHERE c.booking_id = b.id AND c.management_number = v_number AND c.active)
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

REVOKE ALL ON FUNCTION cancel_booking_by_code(text, uuid, bigint, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION cancel_booking_by_code(text, uuid, bigint, text[]) TO madoguchi_public, madoguchi_office;
");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(@"
DROP FUNCTION cancel_booking_by_code(text, uuid, bigint, text[]);
DROP FUNCTION card_check_result(uuid);
DROP FUNCTION start_card_check(text, text, text, bigint);
DROP TABLE card_checks;
GRANT EXECUTE ON FUNCTION check_card(text, text, text, bigint) TO madoguchi_public;
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
