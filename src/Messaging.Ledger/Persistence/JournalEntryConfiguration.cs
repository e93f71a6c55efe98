using Messaging.Ledger.Journal;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messaging.Ledger.Persistence;

internal sealed class JournalEntryConfiguration : IEntityTypeConfiguration<JournalEntry>
{
    public void Configure(EntityTypeBuilder<JournalEntry> builder)
    {
        builder.ToTable("journal_entries", t =>
        {
            t.HasCheckConstraint("ck_journal_entries_idempotency_key", "length(idempotency_key) > 0");
            t.HasCheckConstraint("ck_journal_entries_trace_id", "trace_id ~ '^[0-9a-f]{32}$'");
        });
        builder.HasKey(e => e.Id).HasName("pk_journal_entries");
        builder.Property(e => e.Id).HasColumnName("id").UseIdentityAlwaysColumn();
        builder.Property(e => e.IdempotencyKey).HasColumnName("idempotency_key").HasMaxLength(300);
        builder.Property(e => e.EntryType).HasColumnName("entry_type").HasMaxLength(40);
        builder.Property(e => e.Description).HasColumnName("description").HasMaxLength(500);
        builder.Property(e => e.PayloadHash).HasColumnName("payload_hash").HasMaxLength(64);
        builder.Property(e => e.SourceMessageId).HasColumnName("source_message_id");
        builder.Property(e => e.OccurredAt).HasColumnName("occurred_at");
        builder.Property(e => e.RecordedAt).HasColumnName("recorded_at").HasDefaultValueSql("now()");
        builder.Property(e => e.Metadata).HasColumnName("metadata").HasColumnType("jsonb").HasDefaultValueSql("'{}'::jsonb");
        builder.Property(e => e.TraceId).HasColumnName("trace_id").HasMaxLength(32);
        builder.Property(e => e.PointsExpireAt).HasColumnName("points_expire_at");
        builder.HasIndex(e => e.IdempotencyKey).IsUnique().HasDatabaseName("ux_journal_entries_idempotency_key");
        builder.HasIndex(e => e.RecordedAt).HasDatabaseName("ix_journal_entries_recorded_at");
        builder.HasIndex(e => e.Id).HasFilter("entry_type = 'reversal'").HasDatabaseName("ix_journal_entries_reversals");
        builder
            .HasMany(e => e.Postings)
            .WithOne()
            .HasForeignKey(p => p.JournalEntryId)
            .HasConstraintName("fk_postings_journal_entries")
            .OnDelete(DeleteBehavior.Restrict);
    }
}
