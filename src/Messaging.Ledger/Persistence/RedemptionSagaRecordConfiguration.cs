using Messaging.Ledger.Redemptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messaging.Ledger.Persistence;

internal sealed class RedemptionSagaRecordConfiguration : IEntityTypeConfiguration<RedemptionSagaRecord>
{
    public void Configure(EntityTypeBuilder<RedemptionSagaRecord> builder)
    {
        builder.ToTable("redemption_sagas", t =>
            t.HasCheckConstraint("ck_redemption_sagas_outcome", "outcome IS NULL OR outcome IN ('completed', 'failed', 'rejected')")
        );
        builder.HasKey(s => s.CorrelationId).HasName("pk_redemption_sagas");
        builder.Property(s => s.CorrelationId).HasColumnName("correlation_id").ValueGeneratedNever();
        builder.Property(s => s.CurrentState).HasColumnName("current_state").HasMaxLength(40);
        builder.Property(s => s.Version).HasColumnName("version");
        builder.Property(s => s.UserId).HasColumnName("user_id").HasMaxLength(100);
        builder.Property(s => s.RewardId).HasColumnName("reward_id").HasMaxLength(100);
        builder.Property(s => s.RewardName).HasColumnName("reward_name").HasMaxLength(200);
        builder.Property(s => s.FulfilmentKind).HasColumnName("fulfilment_kind").HasMaxLength(40);
        builder.Property(s => s.Points).HasColumnName("points");
        builder.Property(s => s.ValidityDays).HasColumnName("validity_days");
        builder.Property(s => s.RequestedAt).HasColumnName("requested_at");
        builder.Property(s => s.RequestHash).HasColumnName("request_hash").HasMaxLength(64);
        builder.Property(s => s.DeadlineAt).HasColumnName("deadline_at");
        builder.Property(s => s.DeadlineSignalledAt).HasColumnName("deadline_signalled_at");
        builder.Property(s => s.StockReserved).HasColumnName("stock_reserved");
        builder.Property(s => s.Outcome).HasColumnName("outcome").HasMaxLength(20);
        builder.Property(s => s.OutcomeReason).HasColumnName("outcome_reason").HasMaxLength(60);
        builder.Property(s => s.VoucherCode).HasColumnName("voucher_code").HasMaxLength(100);
        builder.Property(s => s.RevocationRequestedAt).HasColumnName("revocation_requested_at");
        builder.Property(s => s.CreatedAt).HasColumnName("created_at").HasDefaultValueSql("now()");
        builder.Property(s => s.UpdatedAt).HasColumnName("updated_at").HasDefaultValueSql("now()");
        builder.HasIndex(s => s.DeadlineAt).HasFilter("outcome IS NULL").HasDatabaseName("ix_redemption_sagas_open_deadline_at");
        builder.HasIndex(s => s.UserId).HasDatabaseName("ix_redemption_sagas_user_id");
    }
}
