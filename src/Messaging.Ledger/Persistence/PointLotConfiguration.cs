using Messaging.Ledger.Expiry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messaging.Ledger.Persistence;

internal sealed class PointLotConfiguration : IEntityTypeConfiguration<PointLot>
{
    public void Configure(EntityTypeBuilder<PointLot> builder)
    {
        builder.ToTable("point_lots", t =>
        {
            t.HasCheckConstraint("ck_point_lots_amount", "amount > 0");
            t.HasCheckConstraint("ck_point_lots_remaining", "remaining >= 0 AND remaining <= amount");
        });
        builder.HasKey(l => new { l.AccountId, l.JournalEntryId }).HasName("pk_point_lots");
        builder.Property(l => l.AccountId).HasColumnName("account_id");
        builder.Property(l => l.JournalEntryId).HasColumnName("journal_entry_id");
        builder.Property(l => l.Amount).HasColumnName("amount");
        builder.Property(l => l.Remaining).HasColumnName("remaining");
        builder.Property(l => l.ExpiresAt).HasColumnName("expires_at");
        builder.Property(l => l.WarnedAt).HasColumnName("warned_at");
        builder
            .HasIndex(l => new
            {
                l.AccountId,
                l.ExpiresAt,
                l.JournalEntryId,
            })
            .HasFilter("remaining > 0")
            .HasDatabaseName("ix_point_lots_open");
    }
}
