using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Madoguchi.Data.Migrations.Postgres
{
    /// <summary>
    /// The card check moves into the database (ADR 0025): the public role loses <c>card_keys</c> and
    /// the lock-out counters and gets <c>check_card</c>, which compares, counts and locks in one
    /// transaction under a per-card lock and answers only the status. The tables are reached by SQL
    /// only, so the model does not change.
    /// </summary>
    [DbContext(typeof(PostgresMadoguchiDb))]
    [Migration("20261202183000_CardCheck")]
    public partial class CardCheck : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(@"
CREATE TABLE card_client_attempts (
    management_number character varying(10) NOT NULL,
    client character varying(64) NOT NULL,
    failures integer NOT NULL,
    last_failure_at bigint NOT NULL,
    locked_until bigint NULL,
    strikes integer NOT NULL,
    struck_at bigint NOT NULL,
    CONSTRAINT pk_card_client_attempts PRIMARY KEY (management_number, client));
CREATE INDEX ix_card_client_attempts_last_failure_at ON card_client_attempts (last_failure_at);
CREATE TABLE card_check_rules (
    id integer NOT NULL CONSTRAINT pk_card_check_rules PRIMARY KEY CHECK (id = 1),
    attempts integer NOT NULL,
    lock_minutes integer NOT NULL,
    key_id character varying(16) NOT NULL);

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

REVOKE ALL ON FUNCTION check_card(text, text, text, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION check_card(text, text, text, bigint) TO madoguchi_public, madoguchi_office;
-- Nothing derived from a date of birth, and no counter it could reset.
REVOKE ALL ON card_keys, card_attempts FROM madoguchi_public;
GRANT SELECT (key_id) ON card_check_rules TO madoguchi_public;
GRANT SELECT, INSERT, UPDATE, DELETE ON card_client_attempts, card_check_rules TO madoguchi_office;
");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(@"
DROP FUNCTION check_card(text, text, text, bigint);
DROP TABLE card_check_rules;
DROP TABLE card_client_attempts;
GRANT SELECT ON card_keys TO madoguchi_public;
GRANT SELECT, INSERT, UPDATE, DELETE ON card_attempts TO madoguchi_public;
");
        }
    }
}
