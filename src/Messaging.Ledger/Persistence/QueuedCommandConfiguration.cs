using Messaging.Ledger.Commands;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messaging.Ledger.Persistence;

internal sealed class QueuedCommandConfiguration : IEntityTypeConfiguration<QueuedCommand>
{
    public void Configure(EntityTypeBuilder<QueuedCommand> builder)
    {
        builder.ToTable("api_outbox");
        builder.HasKey(c => c.Id).HasName("pk_api_outbox");
        builder.Property(c => c.Id).HasColumnName("id").UseIdentityAlwaysColumn();
        builder.Property(c => c.MessageId).HasColumnName("message_id");
        builder.Property(c => c.Exchange).HasColumnName("exchange").HasMaxLength(100);
        builder.Property(c => c.Body).HasColumnName("body").HasColumnType("jsonb");
        builder.Property(c => c.RequestedBy).HasColumnName("requested_by").HasMaxLength(200);
        builder.Property(c => c.CreatedAt).HasColumnName("created_at").HasDefaultValueSql("now()");
        builder.Property(c => c.SentAt).HasColumnName("sent_at");
        builder.Property(c => c.Attempts).HasColumnName("attempts").HasDefaultValue(0);
        builder.Property(c => c.LastError).HasColumnName("last_error").HasMaxLength(2000);
        builder.HasIndex(c => c.MessageId).IsUnique().HasDatabaseName("ux_api_outbox_message_id");
        builder.HasIndex(c => c.Id).HasFilter("sent_at IS NULL").HasDatabaseName("ix_api_outbox_unsent");
    }
}
