using System.Diagnostics.Metrics;

using Madoguchi.Audit;
using Madoguchi.Data;
using Madoguchi.Notices;
using Madoguchi.Operations;

using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Web.Operations;

/// <summary>
/// The gauges read from the database (ADR 0032): mails waiting and failed in the outbox, the age of
/// the oldest waiting mail, the entry id of the audit chain's last checkpoint, and what the office
/// process's daily verification of the chain found (<see cref="AuditChainWatch"/>). Read on a scrape
/// at most once every few seconds, with queries on indexed columns; nothing about a person is read.
/// Only in a process that serves the office on the office role (the public role cannot read them).
/// </summary>
public sealed class OperationsGauges : IDisposable
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(5);

    private readonly DatabaseSettings _database;
    private readonly TimeProvider _clock;
    private readonly ILogger<OperationsGauges> _log;
    private readonly Meter _meter;
    private readonly Lock _reading = new();
    private Reading? _last;

    public OperationsGauges(IMeterFactory meters, DatabaseSettings database, AuditChainWatch chain, TimeProvider clock, ILogger<OperationsGauges> log)
    {
        ArgumentNullException.ThrowIfNull(chain);
        (_database, _clock, _log) = (database, clock, log);
        _meter = meters.Create(MadoguchiMetrics.MeterName);
        _meter.CreateObservableGauge("madoguchi.mail.waiting", () => Measure(r => r.Waiting), "{mail}", "Mails in the outbox waiting to be sent.");
        _meter.CreateObservableGauge("madoguchi.mail.failed", () => Measure(r => r.Failed), "{mail}", "Mails in the outbox that failed for good.");
        _meter.CreateObservableGauge("madoguchi.mail.oldest_waiting_age", () => Measure(r => r.OldestWaitingSeconds), "s", "Age of the oldest mail waiting in the outbox (0 when none waits).");
        _meter.CreateObservableGauge("madoguchi.audit.checkpoint_entry_id", () => Measure(r => r.CheckpointEntryId), "{entry}",
            "Id of the last audit entry covered by a daily checkpoint (0 before the first checkpoint).");

        // Missing until the first daily verification has finished: no reading is better than a guessed one.
        _meter.CreateObservableGauge("madoguchi.audit.verified_entry_id", () => Checked(chain, c => c.VerifiedEntryId), "{entry}",
            "Id up to which the audit chain verified at the office process's last daily check.");
        _meter.CreateObservableGauge("madoguchi.audit.chain_intact", () => Checked(chain, c => c.Intact ? 1 : 0), "{check}",
            "1 when the last daily verification found the audit chain whole, 0 when it found a forged or missing entry.");
    }

    /// <summary>What the gauges showed at the last reading.</summary>
    public sealed record Reading(DateTimeOffset At, long Waiting, long Failed, double OldestWaitingSeconds, long CheckpointEntryId);

    public void Dispose() => _meter.Dispose();

    private static IEnumerable<Measurement<long>> Checked(AuditChainWatch chain, Func<AuditChainCheck, long> value) =>
        chain.Last is { } check ? [new Measurement<long>(value(check))] : [];

    private IEnumerable<Measurement<double>> Measure(Func<Reading, double> value) =>
        Read() is { } reading ? [new Measurement<double>(value(reading))] : [];

    private Reading? Read()
    {
        lock (_reading)
        {
            var now = _clock.GetUtcNow();
            if (_last is { } last && now - last.At < Fresh && now >= last.At)
            {
                return last;
            }

            try
            {
                using var db = _database.Open();
                var waiting = db.Outbox.AsNoTracking().Where(m => m.Status == MailStatus.Pending);
                var count = waiting.LongCount();
                var oldest = count == 0 ? null : waiting.OrderBy(m => m.CreatedAt).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefault();
                var failed = db.Outbox.AsNoTracking().LongCount(m => m.Status == MailStatus.Failed);
                var checkpoint = db.AuditCheckpoints.AsNoTracking().OrderByDescending(c => c.Day).Select(c => (long?)c.LastEntryId).FirstOrDefault() ?? 0;
                var age = oldest is { } created ? Math.Max(0, (now - created).TotalSeconds) : 0;
                _last = new Reading(now, count, failed, Math.Round(age, 1), checkpoint);
                return _last;
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
            {
                // No reading is better than a wrong one: the gauges are missing from this scrape.
                _log.LogWarning("Reading the outbox and audit gauges failed: {Kind}.", e.GetType().Name);
                return null;
            }
        }
    }
}
