using Messaging.Ledger.Attendance;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messaging.Ledger.Persistence;

internal sealed class BadgeLevelRowConfiguration : IEntityTypeConfiguration<BadgeLevelRow>
{
    public void Configure(EntityTypeBuilder<BadgeLevelRow> builder)
    {
        builder.ToTable("attendance_badges", t =>
        {
            t.HasCheckConstraint("ck_attendance_badges_level", "level BETWEEN 1 AND 5");
            t.HasCheckConstraint("ck_attendance_badges_points", "points >= 0");
        });
        builder
            .HasKey(b => new
            {
                b.UserId,
                b.Badge,
                b.Level,
            })
            .HasName("pk_attendance_badges");
        builder.HasIndex(b => b.ReachedAt).HasDatabaseName("ix_attendance_badges_reached_at");
        builder.Property(b => b.UserId).HasColumnName("user_id").HasMaxLength(100);
        builder.Property(b => b.Badge).HasColumnName("badge").HasMaxLength(40);
        builder.Property(b => b.Level).HasColumnName("level");
        builder.Property(b => b.Threshold).HasColumnName("threshold");
        builder.Property(b => b.Points).HasColumnName("points");
        builder.Property(b => b.ReachedAt).HasColumnName("reached_at");
        builder.Property(b => b.TenantId).HasColumnName("tenant_id").HasMaxLength(100);
        builder.Property(b => b.AwardedAt).HasColumnName("awarded_at");
        builder.Property(b => b.UpdatedAt).HasColumnName("updated_at");
    }
}
