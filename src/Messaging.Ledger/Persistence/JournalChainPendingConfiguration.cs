using Messaging.Ledger.Chain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messaging.Ledger.Persistence;

internal sealed class JournalChainPendingConfiguration : IEntityTypeConfiguration<JournalChainPending>
{
    public void Configure(EntityTypeBuilder<JournalChainPending> builder)
    {
        builder.ToTable("journal_chain_pending");
        builder.HasKey(p => p.TransactionId).HasName("pk_journal_chain_pending");
        builder.Property(p => p.TransactionId).HasColumnName("transaction_id").ValueGeneratedNever();
    }
}
