using Messaging.Ledger.Attendance;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messaging.Ledger.Persistence;

internal sealed class AttendanceRowConfiguration : IEntityTypeConfiguration<AttendanceRow>
{
    public void Configure(EntityTypeBuilder<AttendanceRow> builder)
    {
        builder.ToTable("attendances", t =>
        {
            t.HasCheckConstraint("ck_attendances_week_is_monday", "extract(isodow FROM week) = 1");
            t.HasCheckConstraint("ck_attendances_points", "points > 0");
        });
        builder.HasKey(a => new { a.EventId, a.UserId }).HasName("pk_attendances");
        builder.HasIndex(a => a.UserId).HasDatabaseName("ix_attendances_user_id");
        builder.HasIndex(a => a.AttendedAt).HasDatabaseName("ix_attendances_attended_at");
        builder.Property(a => a.EventId).HasColumnName("event_id").HasMaxLength(100);
        builder.Property(a => a.UserId).HasColumnName("user_id").HasMaxLength(100);
        builder.Property(a => a.EventType).HasColumnName("event_type").HasMaxLength(60);
        builder.Property(a => a.AttendedAt).HasColumnName("attended_at");
        builder.Property(a => a.Week).HasColumnName("week");
        builder.Property(a => a.Points).HasColumnName("points");
        builder.Property(a => a.TenantId).HasColumnName("tenant_id").HasMaxLength(100);
        builder.Property(a => a.RecordedAt).HasColumnName("recorded_at");
        builder.Property(a => a.Achievements).HasColumnName("achievements").HasDefaultValueSql("'{}'::text[]");
        builder.Property(a => a.BroughtUserIds).HasColumnName("brought_user_ids").HasDefaultValueSql("'{}'::text[]");
        builder.Property(a => a.ConnectedUserIds).HasColumnName("connected_user_ids").HasDefaultValueSql("'{}'::text[]");
    }
}
