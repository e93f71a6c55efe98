using Messaging.Ledger.Operations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messaging.Ledger.Persistence;

internal sealed class EndpointPauseConfiguration : IEntityTypeConfiguration<EndpointPause>
{
    public void Configure(EntityTypeBuilder<EndpointPause> builder)
    {
        builder.ToTable("endpoint_pauses");
        builder.HasKey(p => p.Queue).HasName("pk_endpoint_pauses");
        builder.Property(p => p.Queue).HasColumnName("queue").HasMaxLength(200);
        builder.Property(p => p.MessageType).HasColumnName("message_type").HasMaxLength(200);
        builder.Property(p => p.PausedBy).HasColumnName("paused_by").HasMaxLength(200);
        builder.Property(p => p.Reason).HasColumnName("reason").HasMaxLength(2000);
        builder.Property(p => p.PausedAt).HasColumnName("paused_at").HasDefaultValueSql("now()");
    }
}
