using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Data.Migrations.Postgres
{
    /// <summary>
    /// Instants become <c>timestamptz</c> (ADR 0029): the city's DBA and BI tools read them, and SQL
    /// compares them with <c>now()</c>. The data is converted in place, exactly to the microsecond below
    /// (ticks are 100 ns; the sub-microsecond digits are cut off, as Npgsql cuts them when writing).
    /// <c>audit_entries.at</c> stays in ticks: each entry's seal covers the exact ticks, so cutting them
    /// would break every seal written before. The functions that took or answered times in ticks
    /// (ADR 0025, 0027) are made again for timestamptz, with the same grants. Days were <c>date</c> already.
    /// </summary>
    public partial class NativeTimes : Migration
    {
        /// <summary>The instant columns, by table; the last two tables are reached by SQL only.</summary>
        private static readonly (string Table, string[] Columns)[] Instants =
        [
            ("staff_accounts", ["lockout_end"]),
            ("slots", ["start", "end"]),
            ("outbox_mails", ["sent_at", "next_attempt_at", "created_at", "claimed_until"]),
            ("ledger_status_changes", ["changed_at"]),
            ("ledger_imports", ["imported_at"]),
            ("ledger_entries", ["status_changed_at"]),
            ("idempotent_answers", ["created_at"]),
            ("holds", ["expires_at", "created_at"]),
            ("closure_calls", ["updated_at"]),
            ("card_issues", ["issued_at", "corrected_at"]),
            ("card_attempts", ["locked_until", "last_failure_at"]),
            ("bookings", ["start", "end", "created_at", "checked_in_at"]),
            ("booking_tombstones", ["start", "cancelled_at", "booked_at"]),
            ("audit_checkpoints", ["written_at"]),
            ("card_client_attempts", ["last_failure_at", "locked_until", "struck_at"]),
            ("card_checks", ["locked_until", "at"]),
        ];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(@"
DROP FUNCTION booking_by_code(text);
DROP FUNCTION cancel_booking_by_code(text, uuid, bigint, text[]);
DROP FUNCTION card_check_result(uuid);
DROP FUNCTION start_card_check(text, text, text, bigint);
DROP FUNCTION check_card(text, text, text, bigint);
");

            // One rewrite per table; its indexes are rebuilt with it, its grants (the public role's
            // column grants on bookings) stay. ALTER TYPE fires no row trigger, so the audit
            // checkpoints' refusal of UPDATE does not stand in the way, and no row is changed otherwise.
            foreach (var (table, columns) in Instants)
            {
                migrationBuilder.Sql($"ALTER TABLE {table} "
                    + string.Join(", ", columns.Select(c => $"ALTER COLUMN \"{c}\" TYPE timestamptz USING {FromTicks($"\"{c}\"")}"))
                    + ";");
            }

            migrationBuilder.Sql(@"
CREATE FUNCTION check_card(p_number text, p_digest text, p_client text, p_now timestamptz DEFAULT NULL)
RETURNS TABLE (outcome integer, status integer, arrived_on date, locked_until timestamptz)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = public, pg_temp
AS $fn$
#variable_conflict use_column
DECLARE
    -- The database's clock. Only the owner (a process that migrates, and tests with their clock)
    -- may pass its own; the public role cannot.
    v_now timestamptz := CASE WHEN session_user = current_user AND p_now IS NOT NULL THEN p_now ELSE clock_timestamp() END;
    -- Hours, not a day: a day's length would follow the session's time zone.
    v_day interval := interval '24 hours';
    v_attempts integer;
    v_window interval;
    v_card card_attempts%ROWTYPE;
    v_client card_client_attempts%ROWTYPE;
    v_status integer;
    v_arrived date;
    v_failures integer;
    v_strikes integer;
    v_until timestamptz;
    v_who text := left(coalesce(nullif(p_client, ''), 'unknown'), 64);
BEGIN
    SELECT r.attempts, make_interval(mins => r.lock_minutes) INTO v_attempts, v_window FROM card_check_rules r WHERE r.id = 1;
    v_attempts := coalesce(v_attempts, 5);
    v_window := coalesce(v_window, interval '15 minutes');

    -- One check of a card at a time across every process: each reads the count the previous one wrote.
    PERFORM pg_advisory_xact_lock(hashtextextended('madoguchi-card:' || p_number, 0));

    SELECT * INTO v_card FROM card_attempts a WHERE a.management_number = p_number;
    IF v_card.locked_until > v_now THEN
        RETURN QUERY SELECT 2, NULL::integer, NULL::date, v_card.locked_until;
        RETURN;
    END IF;

    SELECT * INTO v_client FROM card_client_attempts c WHERE c.management_number = p_number AND c.client = v_who;
    IF v_client.locked_until > v_now THEN
        RETURN QUERY SELECT 2, NULL::integer, NULL::date, v_client.locked_until;
        RETURN;
    END IF;

    SELECT l.status, l.arrived_on INTO v_status, v_arrived FROM ledger_entries l
    WHERE l.management_number = p_number AND l.birth_digest = p_digest;
    IF FOUND THEN
        IF v_client.management_number IS NOT NULL THEN
            DELETE FROM card_client_attempts c WHERE c.management_number = p_number AND c.client = v_who;
        END IF;
        RETURN QUERY SELECT 1, v_status, v_arrived, NULL::timestamptz;
        RETURN;
    END IF;

    -- A wrong date (or an unknown number): counted for the card, whoever sent it ...
    v_failures := CASE WHEN v_card.management_number IS NULL OR v_card.last_failure_at < v_now - v_window THEN 1 ELSE v_card.failures + 1 END;
    INSERT INTO card_attempts AS a (management_number, failures, last_failure_at, locked_until)
    VALUES (p_number, v_failures, v_now, CASE WHEN v_failures >= v_attempts THEN v_now + v_window END)
    ON CONFLICT (management_number) DO UPDATE
        SET failures = EXCLUDED.failures, last_failure_at = EXCLUDED.last_failure_at, locked_until = EXCLUDED.locked_until;

    -- ... and for the sender, whose own lock grows with each lock in a day (15, 30, 60 ... minutes, at most a day).
    v_strikes := CASE WHEN v_client.management_number IS NULL OR v_client.struck_at < v_now - v_day THEN 0 ELSE v_client.strikes END;
    v_failures := CASE WHEN v_client.management_number IS NULL OR v_client.last_failure_at < v_now - v_window THEN 1 ELSE v_client.failures + 1 END;
    v_until := NULL;
    IF v_failures >= v_attempts THEN
        v_until := v_now + least(v_window * power(2, least(v_strikes, 10)), v_day);
        v_strikes := v_strikes + 1;
        v_failures := 0;
    END IF;
    -- Never struck: the year 1, which is what 0 ticks meant.
    INSERT INTO card_client_attempts AS c (management_number, client, failures, last_failure_at, locked_until, strikes, struck_at)
    VALUES (p_number, v_who, v_failures, v_now, v_until, v_strikes,
            CASE WHEN v_until IS NULL THEN coalesce(v_client.struck_at, timestamptz '0001-01-01 00:00:00+00') ELSE v_now END)
    ON CONFLICT (management_number, client) DO UPDATE
        SET failures = EXCLUDED.failures, last_failure_at = EXCLUDED.last_failure_at, locked_until = EXCLUDED.locked_until,
            strikes = EXCLUDED.strikes, struck_at = EXCLUDED.struck_at;

    RETURN QUERY SELECT 0, NULL::integer, NULL::date, NULL::timestamptz;
END
$fn$;

CREATE FUNCTION start_card_check(p_number text, p_digest text, p_client text, p_now timestamptz DEFAULT NULL)
RETURNS uuid
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
    -- As in check_card: only the owner (migrations, tests with their clock) may pass its own time.
    v_now timestamptz := CASE WHEN session_user = current_user AND p_now IS NOT NULL THEN p_now ELSE clock_timestamp() END;
    v_ticket uuid := gen_random_uuid();
    c record;
BEGIN
    SELECT * INTO c FROM check_card(p_number, p_digest, p_client, v_now);
    -- A card's tickets older than an hour go as new ones come.
    DELETE FROM card_checks k WHERE k.management_number = p_number AND k.at < v_now - interval '1 hour';
    INSERT INTO card_checks (ticket, management_number, outcome, status, arrived_on, locked_until, at, made_in)
    VALUES (v_ticket, p_number, c.outcome, c.status, c.arrived_on, c.locked_until, v_now, pg_current_xact_id());
    RETURN v_ticket;
END
$fn$;

CREATE FUNCTION card_check_result(p_ticket uuid)
RETURNS TABLE (outcome integer, status integer, arrived_on date, locked_until timestamptz)
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
    -- Only a check committed by another transaction: in the one that made it, it could still be rolled back.
    SELECT k.outcome, k.status, k.arrived_on, k.locked_until FROM card_checks k
    WHERE k.ticket = p_ticket AND k.made_in IS DISTINCT FROM pg_current_xact_id_if_assigned()
$fn$;

CREATE FUNCTION booking_by_code(p_code text)
RETURNS TABLE (id bigint, code text, slot_id bigint, place_id integer, start timestamptz, ""end"" timestamptz, people integer, status integer, masked_phone text, has_email boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
    SELECT b.id, b.code::text, b.slot_id, b.place_id, b.start, b.""end"", b.people, b.status,
           CASE WHEN length(b.phone) <= 4 THEN b.phone::text ELSE regexp_replace(left(b.phone, -4), '[^-]', '*', 'g') || right(b.phone, 4) END,
           b.email IS NOT NULL
    FROM bookings b
    WHERE b.code = p_code
$fn$;

CREATE FUNCTION cancel_booking_by_code(p_code text, p_ticket uuid, p_now timestamptz, p_erased_subjects text[])
RETURNS TABLE (id bigint, code text, slot_id bigint, place_id integer, start timestamptz, ""end"" timestamptz, people integer, email text, created_at timestamptz, channel text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
DECLARE
    b bookings%ROWTYPE;
    v_now timestamptz := CASE WHEN session_user = current_user AND p_now IS NOT NULL THEN p_now ELSE clock_timestamp() END;
    v_number text;
BEGIN
    -- A right check of a card, committed, in the last ten minutes: used up here whatever follows.
    DELETE FROM card_checks k
    WHERE k.ticket = p_ticket AND k.outcome = 1 AND k.at > v_now - interval '10 minutes'
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

-- The grants as they were (ADR 0010, 0025, 0027): check_card for the office only, the rest for both roles.
REVOKE ALL ON FUNCTION check_card(text, text, text, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION check_card(text, text, text, timestamptz) TO madoguchi_office;
REVOKE ALL ON FUNCTION start_card_check(text, text, text, timestamptz), card_check_result(uuid), booking_by_code(text), cancel_booking_by_code(text, uuid, timestamptz, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION start_card_check(text, text, text, timestamptz), card_check_result(uuid), booking_by_code(text), cancel_booking_by_code(text, uuid, timestamptz, text[])
    TO madoguchi_public, madoguchi_office;
");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(@"
DROP FUNCTION booking_by_code(text);
DROP FUNCTION cancel_booking_by_code(text, uuid, timestamptz, text[]);
DROP FUNCTION card_check_result(uuid);
DROP FUNCTION start_card_check(text, text, text, timestamptz);
DROP FUNCTION check_card(text, text, text, timestamptz);
");
            foreach (var (table, columns) in Instants)
            {
                migrationBuilder.Sql($"ALTER TABLE {table} "
                    + string.Join(", ", columns.Select(c => $"ALTER COLUMN \"{c}\" TYPE bigint USING {ToTicks($"\"{c}\"")}"))
                    + ";");
            }

            // The functions as the migrations CardCheck, CardCheckTickets and AuditKeysAndPublicReach left them.
            migrationBuilder.Sql(@"
CREATE FUNCTION check_card(p_number text, p_digest text, p_client text, p_now bigint DEFAULT NULL)
RETURNS TABLE (outcome integer, status integer, arrived_on date, locked_until bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = public, pg_temp
AS $fn$
#variable_conflict use_column
DECLARE
    -- The database's clock, in .NET UTC ticks as the app stores times. Only the owner (a process
    -- that migrates, and tests with their clock) may pass its own; the public role cannot.
    v_now bigint := CASE WHEN session_user = current_user AND p_now IS NOT NULL THEN p_now
        ELSE (extract(epoch FROM clock_timestamp()) * 10000000)::bigint + 621355968000000000 END;
    v_day bigint := 864000000000;
    v_attempts integer;
    v_window bigint;
    v_card card_attempts%ROWTYPE;
    v_client card_client_attempts%ROWTYPE;
    v_status integer;
    v_arrived date;
    v_failures integer;
    v_strikes integer;
    v_until bigint;
    v_who text := left(coalesce(nullif(p_client, ''), 'unknown'), 64);
BEGIN
    SELECT r.attempts, r.lock_minutes * 600000000::bigint INTO v_attempts, v_window FROM card_check_rules r WHERE r.id = 1;
    v_attempts := coalesce(v_attempts, 5);
    v_window := coalesce(v_window, 15 * 600000000::bigint);

    -- One check of a card at a time across every process: each reads the count the previous one wrote.
    PERFORM pg_advisory_xact_lock(hashtextextended('madoguchi-card:' || p_number, 0));

    SELECT * INTO v_card FROM card_attempts a WHERE a.management_number = p_number;
    IF v_card.locked_until > v_now THEN
        RETURN QUERY SELECT 2, NULL::integer, NULL::date, v_card.locked_until;
        RETURN;
    END IF;

    SELECT * INTO v_client FROM card_client_attempts c WHERE c.management_number = p_number AND c.client = v_who;
    IF v_client.locked_until > v_now THEN
        RETURN QUERY SELECT 2, NULL::integer, NULL::date, v_client.locked_until;
        RETURN;
    END IF;

    SELECT l.status, l.arrived_on INTO v_status, v_arrived FROM ledger_entries l
    WHERE l.management_number = p_number AND l.birth_digest = p_digest;
    IF FOUND THEN
        IF v_client.management_number IS NOT NULL THEN
            DELETE FROM card_client_attempts c WHERE c.management_number = p_number AND c.client = v_who;
        END IF;
        RETURN QUERY SELECT 1, v_status, v_arrived, NULL::bigint;
        RETURN;
    END IF;

    -- A wrong date (or an unknown number): counted for the card, whoever sent it ...
    v_failures := CASE WHEN v_card.management_number IS NULL OR v_card.last_failure_at < v_now - v_window THEN 1 ELSE v_card.failures + 1 END;
    INSERT INTO card_attempts AS a (management_number, failures, last_failure_at, locked_until)
    VALUES (p_number, v_failures, v_now, CASE WHEN v_failures >= v_attempts THEN v_now + v_window END)
    ON CONFLICT (management_number) DO UPDATE
        SET failures = EXCLUDED.failures, last_failure_at = EXCLUDED.last_failure_at, locked_until = EXCLUDED.locked_until;

    -- ... and for the sender, whose own lock grows with each lock in a day (15, 30, 60 ... minutes, at most a day).
    v_strikes := CASE WHEN v_client.management_number IS NULL OR v_client.struck_at < v_now - v_day THEN 0 ELSE v_client.strikes END;
    v_failures := CASE WHEN v_client.management_number IS NULL OR v_client.last_failure_at < v_now - v_window THEN 1 ELSE v_client.failures + 1 END;
    v_until := NULL;
    IF v_failures >= v_attempts THEN
        v_until := v_now + least(v_window * power(2, least(v_strikes, 10))::bigint, v_day);
        v_strikes := v_strikes + 1;
        v_failures := 0;
    END IF;
    INSERT INTO card_client_attempts AS c (management_number, client, failures, last_failure_at, locked_until, strikes, struck_at)
    VALUES (p_number, v_who, v_failures, v_now, v_until, v_strikes, CASE WHEN v_until IS NULL THEN coalesce(v_client.struck_at, 0) ELSE v_now END)
    ON CONFLICT (management_number, client) DO UPDATE
        SET failures = EXCLUDED.failures, last_failure_at = EXCLUDED.last_failure_at, locked_until = EXCLUDED.locked_until,
            strikes = EXCLUDED.strikes, struck_at = EXCLUDED.struck_at;

    RETURN QUERY SELECT 0, NULL::integer, NULL::date, NULL::bigint;
END
$fn$;
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
CREATE FUNCTION booking_by_code(p_code text)
RETURNS TABLE (id bigint, code text, slot_id bigint, place_id integer, start bigint, ""end"" bigint, people integer, status integer, masked_phone text, has_email boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $fn$
    SELECT b.id, b.code::text, b.slot_id, b.place_id, b.start, b.""end"", b.people, b.status,
           CASE WHEN length(b.phone) <= 4 THEN b.phone::text ELSE regexp_replace(left(b.phone, -4), '[^-]', '*', 'g') || right(b.phone, 4) END,
           b.email IS NOT NULL
    FROM bookings b
    WHERE b.code = p_code
$fn$;
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

REVOKE ALL ON FUNCTION check_card(text, text, text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION check_card(text, text, text, bigint) TO madoguchi_office;
REVOKE ALL ON FUNCTION start_card_check(text, text, text, bigint), card_check_result(uuid), booking_by_code(text), cancel_booking_by_code(text, uuid, bigint, text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION start_card_check(text, text, text, bigint), card_check_result(uuid), booking_by_code(text), cancel_booking_by_code(text, uuid, bigint, text[])
    TO madoguchi_public, madoguchi_office;
");
        }

        /// <summary>
        /// UTC ticks as a timestamptz, exact to the microsecond below: whole seconds since 1970 (floored)
        /// and the microseconds within the second, each multiplied exactly. A double in seconds
        /// (to_timestamp(ticks / 1e7)) would round some microseconds wrongly.
        /// </summary>
        internal static string FromTicks(string ticks)
        {
            var sinceEpoch = $"({ticks} - 621355968000000000)";
            var withinSecond = $"(({sinceEpoch} % 10000000 + 10000000) % 10000000)";
            return $"(timestamptz '1970-01-01 00:00:00+00' + (({sinceEpoch} - {withinSecond}) / 10000000) * interval '1 second' + ({withinSecond} / 10) * interval '1 microsecond')";
        }

        /// <summary>A timestamptz as UTC ticks (extract gives exact numeric seconds).</summary>
        internal static string ToTicks(string time) => $"((extract(epoch FROM {time}) * 10000000)::bigint + 621355968000000000)";
    }
}
