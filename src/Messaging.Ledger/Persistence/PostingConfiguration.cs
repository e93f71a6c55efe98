using Messaging.Ledger.Accounts;
using Messaging.Ledger.Journal;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messaging.Ledger.Persistence;

internal sealed class PostingConfiguration : IEntityTypeConfiguration<Posting>
{
    public void Configure(EntityTypeBuilder<Posting> builder)
    {
        builder.ToTable("postings", t => t.HasCheckConstraint("ck_postings_amount_not_zero", "amount <> 0"));
        builder.HasKey(p => p.Id).HasName("pk_postings");
        builder.Property(p => p.Id).HasColumnName("id").UseIdentityAlwaysColumn();
        builder.Property(p => p.JournalEntryId).HasColumnName("journal_entry_id");
        builder.Property(p => p.AccountId).HasColumnName("account_id");
        builder.Property(p => p.Amount).HasColumnName("amount");
        builder.Property(p => p.RecordedAt).HasColumnName("recorded_at");
        builder
            .HasOne<Account>()
            .WithMany()
            .HasForeignKey(p => p.AccountId)
            .HasConstraintName("fk_postings_accounts")
            .OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => p.JournalEntryId).HasDatabaseName("ix_postings_journal_entry_id");
        // A wallet's postings by time: its balance as of a time (index only), its latest postings (history, last earned).
        builder
            .HasIndex(p => new
            {
                p.AccountId,
                p.RecordedAt,
                p.JournalEntryId,
            })
            .IncludeProperties(p => p.Amount)
            .HasDatabaseName("ix_postings_account_id_recorded_at");
    }
}
