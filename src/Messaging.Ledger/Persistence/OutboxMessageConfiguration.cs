using Messaging.Ledger.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messaging.Ledger.Persistence;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("outbox_message");
        builder.HasKey(o => o.SequenceNumber).HasName("pk_outbox_message");
        builder.Property(o => o.SequenceNumber).HasColumnName("sequence_number").UseIdentityAlwaysColumn();
        builder.Property(o => o.MessageId).HasColumnName("message_id");
        builder.Property(o => o.MessageType).HasColumnName("message_type").HasMaxLength(300);
        builder.Property(o => o.Body).HasColumnName("body").HasColumnType("jsonb");
        builder.Property(o => o.Destination).HasColumnName("destination").HasMaxLength(200);
        builder.Property(o => o.InboxMessageId).HasColumnName("inbox_message_id");
        builder.Property(o => o.InboxConsumerId).HasColumnName("inbox_consumer_id").HasMaxLength(200);
        builder.Property(o => o.TraceParent).HasColumnName("trace_parent").HasMaxLength(55);
        builder.Property(o => o.CreatedAt).HasColumnName("created_at").HasDefaultValueSql("now()");
        builder.Property(o => o.LockedUntil).HasColumnName("locked_until").HasDefaultValueSql("now()");
        builder.Property(o => o.DeliveryAttempts).HasColumnName("delivery_attempts").HasDefaultValue(0);
        builder.Property(o => o.LastError).HasColumnName("last_error").HasMaxLength(2000);
        builder.HasIndex(o => o.MessageId).IsUnique().HasDatabaseName("ux_outbox_message_message_id");
        builder.HasIndex(o => o.LockedUntil).HasDatabaseName("ix_outbox_message_locked_until");
    }
}
