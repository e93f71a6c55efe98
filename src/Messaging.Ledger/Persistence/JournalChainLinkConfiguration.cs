using Messaging.Ledger.Chain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messaging.Ledger.Persistence;

internal sealed class JournalChainLinkConfiguration : IEntityTypeConfiguration<JournalChainLink>
{
    public void Configure(EntityTypeBuilder<JournalChainLink> builder)
    {
        builder.ToTable("journal_chain", t =>
        {
            t.HasCheckConstraint("ck_journal_chain_sequence", "sequence > 0");
            t.HasCheckConstraint("ck_journal_chain_hash", "octet_length(hash) = 32");
        });
        builder.HasKey(l => l.Sequence).HasName("pk_journal_chain");
        builder.Property(l => l.Sequence).HasColumnName("sequence").ValueGeneratedNever();
        builder.Property(l => l.JournalEntryId).HasColumnName("journal_entry_id");
        builder.Property(l => l.Hash).HasColumnName("hash");
        builder.HasIndex(l => l.JournalEntryId).IsUnique().HasDatabaseName("ix_journal_chain_entry");
    }
}
