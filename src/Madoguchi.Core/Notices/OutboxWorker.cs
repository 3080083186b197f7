using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Madoguchi.Notices;

/// <summary>
/// Runs in every process that writes the database: each few seconds it sends the outbox's due mails
/// (<see cref="DeliverOutbox"/>), and from the reminder hour on it writes the reminders for the
/// next day's bookings (<see cref="QueueReminders"/>). A mail server that is down only delays mail:
/// it stays in the outbox and goes when the server is back.
/// </summary>
public sealed class OutboxWorker(IServiceScopeFactory scopes, TimeProvider clock, MailSettings settings, NoticeSettings notices, ILogger<OutboxWorker> log) : BackgroundService
{
    /// <summary>This process's name in claims: unique per worker, so two processes (or two apps in one test) never share a claim.</summary>
    public string Name { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings.Delivery == MailDelivery.None)
        {
            log.LogWarning("No mail server is set (Madoguchi:Mail:Host) and this is not demo mode: mails to citizens wait in the outbox and are not sent. Set Madoguchi:Mail:Host, or Madoguchi:Mail:DemoFolder to write them as .eml files.");
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RoundAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Whatever went wrong (a database restart, a mail library surprise), the web process stays up:
                // a mail left claimed is taken again when its lease runs out.
                log.LogError(e, "The outbox round failed; the next round tries again.");
            }

            try
            {
                // Real time between rounds: when a mail is due is decided by the injected clock.
                await Task.Delay(settings.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async Task RoundAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MadoguchiDb>();
        var now = clock.Now();
        var today = DateOnly.FromDateTime(now.DateTime);
        if (TimeOnly.FromDateTime(now.DateTime) >= notices.ReminderTime)
        {
            // Every round until midnight, not once: a booking made after the hour for tomorrow is reminded
            // too, and the reminders' unique keys keep each booking to one.
            await new QueueReminders(db, clock, notices).RunAsync(today.AddDays(1), cancellationToken);
        }

        if (settings.Delivery == MailDelivery.None)
        {
            // No server and no folder set outside demo mode: the mails wait in the outbox (warned at start-up and on /office/mail).
            return;
        }

        var round = await new DeliverOutbox(db, clock, settings, Name).RunAsync(Carrier, cancellationToken);
        if (round.Retrying + round.Failed > 0)
        {
            log.LogWarning("Outbox: {Sent} sent, {Retrying} to retry, {Failed} failed.", round.Sent, round.Retrying, round.Failed);
        }
    }

    private IMailCarrier Carrier() =>
        settings.Delivery == MailDelivery.Server ? new SmtpCarrier(settings) : new DemoMailFolder(settings.MailFolder!);
}
