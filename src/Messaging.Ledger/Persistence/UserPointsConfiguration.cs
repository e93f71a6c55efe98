using Messaging.Ledger.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messaging.Ledger.Persistence;

internal sealed class UserPointsConfiguration : IEntityTypeConfiguration<UserPoints>
{
    public void Configure(EntityTypeBuilder<UserPoints> builder)
    {
        builder.ToView("user_points").HasNoKey();
        builder.Property(u => u.UserId).HasColumnName("user_id");
        builder.Property(u => u.CurrentPoints).HasColumnName("current_points");
        builder.Property(u => u.HeldPoints).HasColumnName("held_points");
        builder.Property(u => u.AvailablePoints).HasColumnName("available_points");
        builder.Property(u => u.LifetimeEarned).HasColumnName("lifetime_earned");
        builder.Property(u => u.LifetimeRedeemed).HasColumnName("lifetime_redeemed");
        builder.Property(u => u.LifetimeRefunded).HasColumnName("lifetime_refunded");
        builder.Property(u => u.LifetimeExpired).HasColumnName("lifetime_expired");
        builder.Property(u => u.LastEarnedAt).HasColumnName("last_earned_at");
    }
}
