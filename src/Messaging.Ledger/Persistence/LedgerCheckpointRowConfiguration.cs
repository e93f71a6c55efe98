using Messaging.Ledger.Chain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messaging.Ledger.Persistence;

internal sealed class LedgerCheckpointRowConfiguration : IEntityTypeConfiguration<LedgerCheckpointRow>
{
    public void Configure(EntityTypeBuilder<LedgerCheckpointRow> builder)
    {
        builder.ToTable("ledger_checkpoints");
        builder.HasKey(c => c.Day).HasName("pk_ledger_checkpoints");
        builder.Property(c => c.Day).HasColumnName("day");
        builder.Property(c => c.Sequence).HasColumnName("sequence");
        builder.Property(c => c.JournalEntryId).HasColumnName("journal_entry_id");
        builder.Property(c => c.Hash).HasColumnName("hash");
        builder.Property(c => c.TakenAt).HasColumnName("taken_at").HasDefaultValueSql("now()");
    }
}
