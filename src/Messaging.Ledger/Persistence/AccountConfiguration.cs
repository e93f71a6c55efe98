using Messaging.Ledger.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messaging.Ledger.Persistence;

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> builder)
    {
        builder.ToTable("accounts", t =>
        {
            t.HasCheckConstraint("ck_accounts_not_negative", "allow_negative OR balance >= 0");
            t.HasCheckConstraint("ck_accounts_balance_is_credits_minus_debits", "balance = total_credited - total_debited");
            t.HasCheckConstraint("ck_accounts_kind", SqlLists.In("kind", [.. AccountKinds.All]));
            t.HasCheckConstraint("ck_accounts_held_not_negative", "held >= 0");
            t.HasCheckConstraint("ck_accounts_available_not_negative", "allow_negative OR balance - held >= 0");
            t.HasCheckConstraint("ck_accounts_tenant_id_not_empty", "tenant_id <> ''");
        });
        builder.HasKey(a => a.Id).HasName("pk_accounts");
        builder.Property(a => a.Id).HasColumnName("id").UseIdentityAlwaysColumn();
        builder.Property(a => a.Code).HasColumnName("code").HasMaxLength(200);
        builder.Property(a => a.TenantId).HasColumnName("tenant_id").HasMaxLength(100).HasDefaultValue(AccountRef.DefaultTenant);
        builder.Property(a => a.Kind).HasColumnName("kind").HasMaxLength(40);
        builder.Property(a => a.OwnerId).HasColumnName("owner_id").HasMaxLength(100);
        builder.Property(a => a.AllowNegative).HasColumnName("allow_negative");
        builder.Property(a => a.Balance).HasColumnName("balance").HasDefaultValue(0L);
        builder.Property(a => a.TotalCredited).HasColumnName("total_credited").HasDefaultValue(0L);
        builder.Property(a => a.TotalDebited).HasColumnName("total_debited").HasDefaultValue(0L);
        builder.Property(a => a.Held).HasColumnName("held").HasDefaultValue(0L);
        builder.Property(a => a.LastCreditedAt).HasColumnName("last_credited_at");
        builder.Property(a => a.CreatedAt).HasColumnName("created_at").HasDefaultValueSql("now()");
        builder.HasIndex(a => a.Code).IsUnique().HasDatabaseName("ux_accounts_code");
        builder.HasIndex(a => new { a.Kind, a.OwnerId }).HasDatabaseName("ix_accounts_kind_owner_id");
    }
}
