using Messaging.Ledger.Writing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messaging.Ledger.Persistence;

internal sealed class LimitUsageConfiguration : IEntityTypeConfiguration<LimitUsage>
{
    public void Configure(EntityTypeBuilder<LimitUsage> builder)
    {
        builder.ToTable("limit_usage", t => t.HasCheckConstraint("ck_limit_usage_used_not_negative", "used >= 0"));
        builder.HasKey(u => u.LimitKey).HasName("pk_limit_usage");
        builder.Property(u => u.LimitKey).HasColumnName("limit_key").HasMaxLength(300);
        builder.Property(u => u.Used).HasColumnName("used").HasDefaultValue(0L);
        builder.Property(u => u.UpdatedAt).HasColumnName("updated_at").HasDefaultValueSql("now()");
    }
}
