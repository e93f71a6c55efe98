using Messaging.Ledger.Adjustments;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messaging.Ledger.Persistence;

internal sealed class AdjustmentConfiguration : IEntityTypeConfiguration<Adjustment>
{
    public void Configure(EntityTypeBuilder<Adjustment> builder)
    {
        builder.ToTable("adjustments", t =>
        {
            t.HasCheckConstraint("ck_adjustments_points", "points <> 0");
            t.HasCheckConstraint("ck_adjustments_reason", "length(reason) > 0");
            t.HasCheckConstraint(
                "ck_adjustments_status",
                SqlLists.In(
                    "status",
                    AdjustmentStatuses.Pending,
                    AdjustmentStatuses.Applied,
                    AdjustmentStatuses.Refused,
                    AdjustmentStatuses.Cancelled
                )
            );
            t.HasCheckConstraint("ck_adjustments_second_admin", "approved_by IS NULL OR approved_by <> requested_by");
            t.HasCheckConstraint("ck_adjustments_applied", "(status = 'applied') = (journal_entry_id IS NOT NULL)");
        });
        builder.HasKey(a => a.Id).HasName("pk_adjustments");
        builder.Property(a => a.Id).HasColumnName("id").UseIdentityAlwaysColumn();
        builder.Property(a => a.UserId).HasColumnName("user_id").HasMaxLength(100);
        builder.Property(a => a.Points).HasColumnName("points");
        builder.Property(a => a.Reason).HasColumnName("reason").HasMaxLength(500);
        builder.Property(a => a.Status).HasColumnName("status").HasMaxLength(20);
        builder.Property(a => a.RequestedBy).HasColumnName("requested_by").HasMaxLength(100);
        builder.Property(a => a.RequestedAt).HasColumnName("requested_at").HasDefaultValueSql("now()");
        builder.Property(a => a.ApprovedBy).HasColumnName("approved_by").HasMaxLength(100);
        builder.Property(a => a.DecidedAt).HasColumnName("decided_at");
        builder.Property(a => a.JournalEntryId).HasColumnName("journal_entry_id");
        builder.Property(a => a.Refusal).HasColumnName("refusal").HasMaxLength(1000);
        builder.Ignore(a => a.EntryKey);
        builder.HasIndex(a => a.JournalEntryId).HasDatabaseName("ix_adjustments_journal_entry_id");
        builder.HasIndex(a => a.Id).HasFilter("status = 'pending'").HasDatabaseName("ix_adjustments_pending");
        builder
            .HasOne<Journal.JournalEntry>()
            .WithMany()
            .HasForeignKey(a => a.JournalEntryId)
            .HasConstraintName("fk_adjustments_journal_entries")
            .OnDelete(DeleteBehavior.Restrict);
    }
}
