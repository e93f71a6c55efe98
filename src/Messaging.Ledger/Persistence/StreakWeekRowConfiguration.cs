using Messaging.Ledger.Attendance;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messaging.Ledger.Persistence;

internal sealed class StreakWeekRowConfiguration : IEntityTypeConfiguration<StreakWeekRow>
{
    public void Configure(EntityTypeBuilder<StreakWeekRow> builder)
    {
        builder.ToTable("attendance_streaks", t =>
        {
            t.HasCheckConstraint("ck_attendance_streaks_week_is_monday", "extract(isodow FROM week) = 1");
            t.HasCheckConstraint("ck_attendance_streaks_length", "streak_length >= 1");
            t.HasCheckConstraint("ck_attendance_streaks_bonus", "bonus_paid >= 0");
        });
        builder.HasKey(s => new { s.UserId, s.Week }).HasName("pk_attendance_streaks");
        builder.HasIndex(s => s.FirstAttendedAt).HasDatabaseName("ix_attendance_streaks_first_attended_at");
        builder.Property(s => s.UserId).HasColumnName("user_id").HasMaxLength(100);
        builder.Property(s => s.Week).HasColumnName("week");
        builder.Property(s => s.StreakLength).HasColumnName("streak_length");
        builder.Property(s => s.BonusPaid).HasColumnName("bonus_paid");
        builder.Property(s => s.FirstAttendedAt).HasColumnName("first_attended_at");
        builder.Property(s => s.TenantId).HasColumnName("tenant_id").HasMaxLength(100);
        builder.Property(s => s.UpdatedAt).HasColumnName("updated_at");
    }
}
