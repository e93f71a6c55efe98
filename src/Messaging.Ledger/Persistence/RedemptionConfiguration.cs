using Messaging.Ledger.Redemptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messaging.Ledger.Persistence;

internal sealed class RedemptionConfiguration : IEntityTypeConfiguration<Redemption>
{
    public void Configure(EntityTypeBuilder<Redemption> builder)
    {
        builder.ToTable("redemptions", t =>
        {
            t.HasCheckConstraint("ck_redemptions_points_positive", "points > 0");
            t.HasCheckConstraint(
                "ck_redemptions_status",
                SqlLists.In("status", RedemptionStatuses.Active, RedemptionStatuses.Used, RedemptionStatuses.Expired)
            );
            t.HasCheckConstraint("ck_redemptions_used", "is_used = (used_at IS NOT NULL) AND is_used = (status = 'used')");
            t.HasCheckConstraint("ck_redemptions_expired", "(status = 'expired') = (expired_at IS NOT NULL)");
        });
        builder.HasKey(r => r.Id).HasName("pk_redemptions");
        builder.Property(r => r.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(r => r.UserId).HasColumnName("user_id").HasMaxLength(100);
        builder.Property(r => r.RewardId).HasColumnName("reward_id").HasMaxLength(100);
        builder.Property(r => r.RewardName).HasColumnName("reward_name").HasMaxLength(200);
        builder.Property(r => r.Points).HasColumnName("points");
        builder.Property(r => r.Status).HasColumnName("status").HasMaxLength(20);
        builder.Property(r => r.VoucherCode).HasColumnName("voucher_code").HasMaxLength(100);
        builder.Property(r => r.Details).HasColumnName("details").HasMaxLength(2000);
        builder.Property(r => r.JournalEntryId).HasColumnName("journal_entry_id");
        builder.Property(r => r.RedeemedAt).HasColumnName("redeemed_at");
        builder.Property(r => r.ExpiresAt).HasColumnName("expires_at");
        builder.Property(r => r.IsUsed).HasColumnName("is_used");
        builder.Property(r => r.UsedAt).HasColumnName("used_at");
        builder.Property(r => r.ExpiredAt).HasColumnName("expired_at");
        builder.Property(r => r.RefundEntryId).HasColumnName("refund_entry_id");
        builder.HasIndex(r => r.UserId).HasDatabaseName("ix_redemptions_user_id");
        builder.HasIndex(r => r.ExpiresAt).HasFilter("status = 'active'").HasDatabaseName("ix_redemptions_active_expires_at");
        builder.HasIndex(r => r.JournalEntryId).HasDatabaseName("ix_redemptions_journal_entry_id");
        builder.HasIndex(r => r.RefundEntryId).HasDatabaseName("ix_redemptions_refund_entry_id");
        builder
            .HasOne<Journal.JournalEntry>()
            .WithMany()
            .HasForeignKey(r => r.JournalEntryId)
            .HasConstraintName("fk_redemptions_journal_entries")
            .OnDelete(DeleteBehavior.Restrict);
        builder
            .HasOne<Journal.JournalEntry>()
            .WithMany()
            .HasForeignKey(r => r.RefundEntryId)
            .HasConstraintName("fk_redemptions_refund_journal_entries")
            .OnDelete(DeleteBehavior.Restrict);
    }
}
