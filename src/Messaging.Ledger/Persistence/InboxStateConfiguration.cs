using Messaging.Ledger.Inbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messaging.Ledger.Persistence;

internal sealed class InboxStateConfiguration : IEntityTypeConfiguration<InboxState>
{
    public void Configure(EntityTypeBuilder<InboxState> builder)
    {
        builder.ToTable("inbox_state");
        builder.HasKey(i => new { i.MessageId, i.ConsumerId }).HasName("pk_inbox_state");
        builder.Property(i => i.MessageId).HasColumnName("message_id");
        builder.Property(i => i.ConsumerId).HasColumnName("consumer_id").HasMaxLength(200);
        builder.Property(i => i.ReceivedAt).HasColumnName("received_at").HasDefaultValueSql("now()");
        builder.HasIndex(i => i.ReceivedAt).HasDatabaseName("ix_inbox_state_received_at");
    }
}
