using Messaging.Ledger.Quotas;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messaging.Ledger.Persistence;

internal sealed class UserQuotaPlanConfiguration : IEntityTypeConfiguration<UserQuotaPlan>
{
    public void Configure(EntityTypeBuilder<UserQuotaPlan> builder)
    {
        builder.ToTable("user_quota_plans", t => t.HasCheckConstraint("ck_user_quota_plans_plan", "plan ~ '^[a-z0-9][a-z0-9-]*$'"));
        builder.HasKey(p => p.UserId).HasName("pk_user_quota_plans");
        builder.Property(p => p.UserId).HasColumnName("user_id").HasMaxLength(100);
        builder.Property(p => p.Plan).HasColumnName("plan").HasMaxLength(40);
        builder.Property(p => p.ChangedAt).HasColumnName("changed_at").HasDefaultValueSql("now()");
    }
}
