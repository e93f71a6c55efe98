using Messaging.Ledger.Rewards;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messaging.Ledger.Persistence;

internal sealed class RewardConfiguration : IEntityTypeConfiguration<Reward>
{
    public void Configure(EntityTypeBuilder<Reward> builder)
    {
        builder.ToTable("rewards", t =>
        {
            t.HasCheckConstraint("ck_rewards_cost_positive", "cost > 0");
            t.HasCheckConstraint("ck_rewards_stock_not_negative", "stock IS NULL OR stock >= 0");
            t.HasCheckConstraint("ck_rewards_validity_days_positive", "validity_days > 0");
            t.HasCheckConstraint("ck_rewards_fulfilment_kind", "fulfilment_kind ~ '^[a-z0-9][a-z0-9-]*$'");
        });
        builder.HasKey(r => r.Id).HasName("pk_rewards");
        builder.Property(r => r.Id).HasColumnName("id").HasMaxLength(100);
        builder.Property(r => r.Name).HasColumnName("name").HasMaxLength(200);
        builder.Property(r => r.Cost).HasColumnName("cost");
        builder.Property(r => r.Active).HasColumnName("active");
        builder.Property(r => r.Stock).HasColumnName("stock");
        builder.Property(r => r.ValidityDays).HasColumnName("validity_days");
        builder.Property(r => r.FulfilmentKind).HasColumnName("fulfilment_kind").HasMaxLength(40);
        builder.Property(r => r.UpdatedAt).HasColumnName("updated_at").HasDefaultValueSql("now()");
    }
}
