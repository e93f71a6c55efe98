using Messaging.Ledger.Refusals;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messaging.Ledger.Persistence;

internal sealed class LedgerRefusalConfiguration : IEntityTypeConfiguration<LedgerRefusal>
{
    public void Configure(EntityTypeBuilder<LedgerRefusal> builder)
    {
        builder.ToTable("ledger_refusals");
        builder.HasKey(r => r.Id).HasName("pk_ledger_refusals");
        builder.Property(r => r.Id).HasColumnName("id").UseIdentityAlwaysColumn();
        builder.Property(r => r.MessageId).HasColumnName("message_id");
        builder.Property(r => r.ConsumerId).HasColumnName("consumer_id").HasMaxLength(200);
        builder.Property(r => r.IdempotencyKey).HasColumnName("idempotency_key").HasMaxLength(300);
        builder.Property(r => r.ReasonCode).HasColumnName("reason_code").HasMaxLength(60);
        builder.Property(r => r.Reason).HasColumnName("reason").HasMaxLength(2000);
        builder.Property(r => r.Payload).HasColumnName("payload").HasColumnType("jsonb");
        builder.Property(r => r.RefusedAt).HasColumnName("refused_at").HasDefaultValueSql("now()");
        builder.HasIndex(r => r.IdempotencyKey).HasDatabaseName("ix_ledger_refusals_idempotency_key");
    }
}
