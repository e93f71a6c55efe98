using Messaging.Ledger.Accounts;
using Messaging.Ledger.Inbox;
using Messaging.Ledger.Journal;
using Messaging.Ledger.Outbox;
using Messaging.Ledger.Refusals;
using Messaging.Ledger.Users;
using Microsoft.EntityFrameworkCore;

namespace Messaging.Ledger.Persistence;

// Migrations are written by hand (Persistence/Migrations); a test proves the migrated schema equals what this model would create.
public sealed class LedgerDbContext(DbContextOptions<LedgerDbContext> options) : DbContext(options)
{
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<JournalEntry> JournalEntries => Set<JournalEntry>();
    public DbSet<Posting> Postings => Set<Posting>();
    public DbSet<InboxState> InboxStates => Set<InboxState>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<LedgerRefusal> LedgerRefusals => Set<LedgerRefusal>();
    public DbSet<UserPoints> UserPoints => Set<UserPoints>();
    public DbSet<Operations.OperatorAction> OperatorActions => Set<Operations.OperatorAction>();
    public DbSet<Holds.LedgerHold> Holds => Set<Holds.LedgerHold>();
    public DbSet<Rewards.Reward> Rewards => Set<Rewards.Reward>();
    public DbSet<Redemptions.Redemption> Redemptions => Set<Redemptions.Redemption>();
    public DbSet<Redemptions.RedemptionSagaRecord> RedemptionSagas => Set<Redemptions.RedemptionSagaRecord>();
    public DbSet<Fulfilment.IssuedVoucher> IssuedVouchers => Set<Fulfilment.IssuedVoucher>();
    public DbSet<Tenants.Tenant> Tenants => Set<Tenants.Tenant>();
    public DbSet<Writing.LimitUsage> LimitUsages => Set<Writing.LimitUsage>();
    public DbSet<Quotas.UserQuotaPlan> UserQuotaPlans => Set<Quotas.UserQuotaPlan>();
    public DbSet<Attendance.AttendanceRow> Attendances => Set<Attendance.AttendanceRow>();
    public DbSet<Attendance.StreakWeekRow> AttendanceStreaks => Set<Attendance.StreakWeekRow>();
    public DbSet<Attendance.BadgeLevelRow> AttendanceBadges => Set<Attendance.BadgeLevelRow>();
    public DbSet<Commands.QueuedCommand> ApiOutbox => Set<Commands.QueuedCommand>();
    public DbSet<Operations.EndpointPause> EndpointPauses => Set<Operations.EndpointPause>();
    public DbSet<Operations.LedgerEnvironment> LedgerEnvironments => Set<Operations.LedgerEnvironment>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(LedgerDbContext).Assembly);
    }
}
