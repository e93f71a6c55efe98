using Messaging.Ledger.Operations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messaging.Ledger.Persistence;

internal sealed class OperatorActionConfiguration : IEntityTypeConfiguration<OperatorAction>
{
    public void Configure(EntityTypeBuilder<OperatorAction> builder)
    {
        builder.ToTable("operator_actions");
        builder.HasKey(a => a.Id).HasName("pk_operator_actions");
        builder.Property(a => a.Id).HasColumnName("id").UseIdentityAlwaysColumn();
        builder.Property(a => a.OccurredAt).HasColumnName("occurred_at").HasDefaultValueSql("now()");
        builder.Property(a => a.Operator).HasColumnName("operator").HasMaxLength(200);
        builder.Property(a => a.Action).HasColumnName("action").HasMaxLength(100);
        builder.Property(a => a.Parameters).HasColumnName("parameters").HasColumnType("jsonb").HasDefaultValueSql("'{}'::jsonb");
        builder.Property(a => a.Outcome).HasColumnName("outcome").HasMaxLength(2000);
        builder.Property(a => a.DbLogin).HasColumnName("db_login").HasColumnType("name").IsRequired().HasDefaultValueSql("SESSION_USER");
        builder.HasIndex(a => a.OccurredAt).HasDatabaseName("ix_operator_actions_occurred_at");
    }
}
