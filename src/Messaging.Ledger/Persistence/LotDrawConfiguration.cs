using Messaging.Ledger.Expiry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messaging.Ledger.Persistence;

internal sealed class LotDrawConfiguration : IEntityTypeConfiguration<LotDraw>
{
    public void Configure(EntityTypeBuilder<LotDraw> builder)
    {
        builder.ToTable("lot_draws", t => t.HasCheckConstraint("ck_lot_draws_amount", "amount > 0"));
        builder.HasKey(d => d.Id).HasName("pk_lot_draws");
        builder.Property(d => d.Id).HasColumnName("id").UseIdentityAlwaysColumn();
        builder.Property(d => d.AccountId).HasColumnName("account_id");
        builder.Property(d => d.LotEntryId).HasColumnName("lot_entry_id");
        builder.Property(d => d.JournalEntryId).HasColumnName("journal_entry_id");
        builder.Property(d => d.Amount).HasColumnName("amount");
        builder.HasIndex(d => new { d.AccountId, d.LotEntryId }).HasDatabaseName("ix_lot_draws_lot");
        builder.HasIndex(d => d.JournalEntryId).HasDatabaseName("ix_lot_draws_entry");
        builder
            .HasOne<PointLot>()
            .WithMany()
            .HasForeignKey(d => new { d.AccountId, d.LotEntryId })
            .HasConstraintName("fk_lot_draws_point_lots")
            .OnDelete(DeleteBehavior.Restrict);
        builder
            .HasOne<Journal.JournalEntry>()
            .WithMany()
            .HasForeignKey(d => d.JournalEntryId)
            .HasConstraintName("fk_lot_draws_journal_entries")
            .OnDelete(DeleteBehavior.Restrict);
    }
}
