using Messaging.Ledger.Holds;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messaging.Ledger.Persistence;

internal sealed class LedgerHoldConfiguration : IEntityTypeConfiguration<LedgerHold>
{
    public void Configure(EntityTypeBuilder<LedgerHold> builder)
    {
        builder.ToTable("ledger_holds", t =>
        {
            t.HasCheckConstraint("ck_ledger_holds_amount_positive", "amount > 0");
            t.HasCheckConstraint(
                "ck_ledger_holds_status",
                SqlLists.In("status", HoldStatuses.Active, HoldStatuses.Captured, HoldStatuses.Voided)
            );
            t.HasCheckConstraint("ck_ledger_holds_settled", "(status = 'active') = (settled_at IS NULL)");
            t.HasCheckConstraint("ck_ledger_holds_captured_entry", "(status = 'captured') = (journal_entry_id IS NOT NULL)");
        });
        builder.HasKey(h => h.Id).HasName("pk_ledger_holds");
        builder.Property(h => h.Id).HasColumnName("id").UseIdentityAlwaysColumn();
        builder.Property(h => h.HoldKey).HasColumnName("hold_key").HasMaxLength(300);
        builder.Property(h => h.AccountId).HasColumnName("account_id");
        builder.Property(h => h.Amount).HasColumnName("amount");
        builder.Property(h => h.Status).HasColumnName("status").HasMaxLength(20);
        builder.Property(h => h.CreatedAt).HasColumnName("created_at").HasDefaultValueSql("now()");
        builder.Property(h => h.ExpiresAt).HasColumnName("expires_at");
        builder.Property(h => h.SettledAt).HasColumnName("settled_at");
        builder.Property(h => h.SettledReason).HasColumnName("settled_reason").HasMaxLength(200);
        builder.Property(h => h.JournalEntryId).HasColumnName("journal_entry_id");
        builder.HasIndex(h => h.HoldKey).IsUnique().HasDatabaseName("ux_ledger_holds_hold_key");
        builder.HasIndex(h => h.ExpiresAt).HasFilter("status = 'active'").HasDatabaseName("ix_ledger_holds_active_expires_at");
        builder.HasIndex(h => h.AccountId).HasDatabaseName("ix_ledger_holds_account_id");
        builder.HasIndex(h => h.JournalEntryId).HasDatabaseName("ix_ledger_holds_journal_entry_id");
        builder
            .HasOne<Accounts.Account>()
            .WithMany()
            .HasForeignKey(h => h.AccountId)
            .HasConstraintName("fk_ledger_holds_accounts")
            .OnDelete(DeleteBehavior.Restrict);
        builder
            .HasOne<Journal.JournalEntry>()
            .WithMany()
            .HasForeignKey(h => h.JournalEntryId)
            .HasConstraintName("fk_ledger_holds_journal_entries")
            .OnDelete(DeleteBehavior.Restrict);
    }
}
