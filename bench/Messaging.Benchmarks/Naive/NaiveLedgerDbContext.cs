using Microsoft.EntityFrameworkCore;

namespace Messaging.Benchmarks.Naive;

/// <summary>
/// The small ledger a typical first version would have: a wallet per user with a cached balance
/// (optimistic concurrency on xmin), a journal entry per order (unique order id) and its two postings.
/// </summary>
public sealed class NaiveLedgerDbContext(DbContextOptions<NaiveLedgerDbContext> options) : DbContext(options)
{
    public DbSet<NaiveWallet> Wallets => Set<NaiveWallet>();

    public DbSet<NaiveJournalEntry> JournalEntries => Set<NaiveJournalEntry>();

    public DbSet<NaivePosting> Postings => Set<NaivePosting>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<NaiveWallet>(w =>
        {
            w.ToTable("wallets");
            w.HasIndex(x => x.UserId).IsUnique();
            w.Property(x => x.UserId).HasMaxLength(100);
            w.Property(x => x.Version).IsRowVersion();
        });
        modelBuilder.Entity<NaiveJournalEntry>(e =>
        {
            e.ToTable("journal_entries");
            e.HasIndex(x => x.OrderId).IsUnique();
            e.Property(x => x.OrderId).HasMaxLength(100);
            e.Property(x => x.UserId).HasMaxLength(100);
            e.HasMany(x => x.Postings).WithOne().HasForeignKey(p => p.JournalEntryId);
        });
        modelBuilder.Entity<NaivePosting>(p =>
        {
            p.ToTable("postings");
            p.Property(x => x.Account).HasMaxLength(200);
        });
    }
}

public sealed class NaiveWallet
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public long Balance { get; set; }

    /// <summary>PostgreSQL's xmin, the concurrency token.</summary>
    public uint Version { get; set; }
}

public sealed class NaiveJournalEntry
{
    public long Id { get; set; }
    public required string OrderId { get; set; }
    public required string UserId { get; set; }
    public long Points { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public List<NaivePosting> Postings { get; } = [];
}

public sealed class NaivePosting
{
    public long Id { get; set; }
    public long JournalEntryId { get; set; }
    public required string Account { get; set; }
    public long Amount { get; set; }
}
