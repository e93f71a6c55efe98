using Messaging.Ledger.Operations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messaging.Ledger.Persistence;

internal sealed class WorkerHeartbeatConfiguration : IEntityTypeConfiguration<WorkerHeartbeat>
{
    public void Configure(EntityTypeBuilder<WorkerHeartbeat> builder)
    {
        builder.ToTable("worker_heartbeats");
        builder.HasKey(h => h.Instance).HasName("pk_worker_heartbeats");
        builder.Property(h => h.Instance).HasColumnName("instance").HasMaxLength(200);
        builder.Property(h => h.Host).HasColumnName("host").HasMaxLength(200);
        builder.Property(h => h.StartedAt).HasColumnName("started_at");
        builder.Property(h => h.BeatAt).HasColumnName("beat_at");
    }
}
