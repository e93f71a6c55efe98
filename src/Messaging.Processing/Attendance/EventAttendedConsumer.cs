using MassTransit;
using Messaging.Contracts.Attendance;
using Messaging.Ledger.Accounts;
using Messaging.Ledger.Attendance;
using Messaging.Ledger.Journal;
using Messaging.Ledger.Tenants;
using Messaging.Ledger.Writing;
using Messaging.Processing.Pipeline.Transactions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Messaging.Processing.Attendance;

// Pays an attendance once per (event, user) and settles the user's streaks and badges in the same transaction. The week is the ISO week
// of when the user attended, in the tenant's time zone or the configured one.
public sealed partial class EventAttendedConsumer(
    AttendanceSettlement settlement,
    IOptions<AttendanceOptions> options,
    RegisteredTenants tenants,
    TransactionalLedger ledger,
    TimeProvider clock,
    ILogger<EventAttendedConsumer> logger
) : IConsumer<EventAttended>
{
    public async Task Consume(ConsumeContext<EventAttended> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var attended = context.Message;
        var zone = attended.TenantId is null
            ? options.Value.Zone
            : TimeZoneInfo.FindSystemTimeZoneById(
                (await tenants.RequireAsync(attended.TenantId, nameof(EventAttended), context.CancellationToken)).TimeZone
            );
        var fact = new AttendanceFact(
            attended.EventId,
            attended.UserId,
            attended.EventType,
            attended.AttendedAt,
            IsoWeeks.Of(attended.AttendedAt, zone),
            attended.PointsReward ?? options.Value.PointsFor(attended.EventType),
            attended.TenantId,
            clock.GetUtcNow()
        )
        {
            Achievements = attended.Achievements ?? [],
            BroughtUserIds = attended.BroughtUserIds ?? [],
            ConnectedUserIds = attended.ConnectedUserIds ?? [],
        };
        var write = Attendances.WriteFor(fact, attended.PointsReward, settlement, options.Value.ActivityBonuses);
        var outcome = await ledger.ApplyAsync(context, write, decided => Announcements(fact, decided));
        if (outcome.Kind == LedgerOutcomeKind.AlreadyApplied)
        {
            LogAlreadyApplied(attended.EventId, attended.UserId, context.MessageId);
        }
    }

    private List<object> Announcements(AttendanceFact fact, LedgerOutcome decided)
    {
        var now = clock.GetUtcNow();
        var announcements = new List<object>
        {
            new AttendancePointsEarned(
                fact.EventId,
                fact.UserId,
                fact.EventType,
                fact.TenantId,
                fact.AttendedAt,
                IsoWeeks.Name(fact.Week),
                fact.Points,
                decided.BalancesAfter[AccountRef.UserWallet(fact.UserId).Code],
                now,
                decided.AppliedEntries.Where(e => e.EntryType == EntryTypes.ActivityBonus).Sum(e => e.Amount)
            ),
        };
        var settled = AttendanceSettlement.ResultOf(decided);
        announcements.AddRange(
            settled.Broken.Select(b => new StreakBroken(
                fact.UserId,
                IsoWeeks.Name(b.Week),
                IsoWeeks.Name(b.LastAttendedWeek),
                b.EndedLength,
                now
            ))
        );
        announcements.AddRange(
            settled.Streaks.Select(s => new StreakExtended(
                fact.UserId,
                IsoWeeks.Name(s.Week),
                s.Length,
                s.BonusPaid,
                s.WeekBonusTotal,
                s.Retroactive,
                now
            ))
        );
        announcements.AddRange(
            settled.Badges.Select(b => new BadgeAwarded(
                fact.UserId,
                b.Badge,
                NameOf(b.Badge),
                b.Level,
                b.Threshold,
                b.Points,
                b.ReachedAt,
                now
            ))
        );
        return announcements;
    }

    private string NameOf(string badge) => options.Value.Badges.TryGetValue(badge, out var rule) ? rule.Name : badge;

    [LoggerMessage(
        Level = LogLevel.Debug,
        Message = "Attendance of {UserId} at event {EventId} was already paid; message {MessageId} acknowledged without effect"
    )]
    private partial void LogAlreadyApplied(string eventId, string userId, Guid? messageId);
}
