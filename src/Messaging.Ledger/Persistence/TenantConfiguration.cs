using Messaging.Ledger.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messaging.Ledger.Persistence;

internal sealed class TenantConfiguration : IEntityTypeConfiguration<Tenant>
{
    public void Configure(EntityTypeBuilder<Tenant> builder)
    {
        builder.ToTable("tenants", t =>
        {
            t.HasCheckConstraint("ck_tenants_tenant_id", "tenant_id ~ '^[A-Za-z0-9][A-Za-z0-9._-]*$'");
            t.HasCheckConstraint("ck_tenants_name_not_empty", "name <> ''");
            t.HasCheckConstraint("ck_tenants_allowance_not_negative", "monthly_giving_allowance IS NULL OR monthly_giving_allowance >= 0");
        });
        builder.HasKey(t => t.TenantId).HasName("pk_tenants");
        builder.Property(t => t.TenantId).HasColumnName("tenant_id").HasMaxLength(100);
        builder.Property(t => t.Name).HasColumnName("name").HasMaxLength(200);
        builder.Property(t => t.TimeZone).HasColumnName("time_zone").HasMaxLength(64).HasDefaultValue("UTC");
        builder.Property(t => t.MonthlyGivingAllowance).HasColumnName("monthly_giving_allowance");
        builder.Property(t => t.CreatedAt).HasColumnName("created_at").HasDefaultValueSql("now()");
        builder.Property(t => t.UpdatedAt).HasColumnName("updated_at").HasDefaultValueSql("now()");
    }
}
