using Messaging.Ledger.Fulfilment;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messaging.Ledger.Persistence;

internal sealed class IssuedVoucherConfiguration : IEntityTypeConfiguration<IssuedVoucher>
{
    public void Configure(EntityTypeBuilder<IssuedVoucher> builder)
    {
        builder.ToTable("issued_vouchers");
        builder.HasKey(v => v.Code).HasName("pk_issued_vouchers");
        builder.Property(v => v.Code).HasColumnName("code").HasMaxLength(100);
        builder.Property(v => v.RedemptionId).HasColumnName("redemption_id");
        builder.Property(v => v.RewardId).HasColumnName("reward_id").HasMaxLength(100);
        builder.Property(v => v.IssuedAt).HasColumnName("issued_at").HasDefaultValueSql("now()");
        builder.Property(v => v.RevokedAt).HasColumnName("revoked_at");
        builder.HasIndex(v => v.RedemptionId).IsUnique().HasDatabaseName("ux_issued_vouchers_redemption_id");
    }
}
