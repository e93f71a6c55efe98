using Messaging.Ledger.Operations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Messaging.Ledger.Persistence;

internal sealed class LedgerEnvironmentConfiguration : IEntityTypeConfiguration<LedgerEnvironment>
{
    public void Configure(EntityTypeBuilder<LedgerEnvironment> builder)
    {
        builder.ToTable("ledger_environment", table =>
        {
            table.HasCheckConstraint("ck_ledger_environment_single_row", "id");
            table.HasCheckConstraint("ck_ledger_environment_environment", "environment IN ('production', 'development', 'test')");
        });
        builder.HasKey(e => e.Id).HasName("pk_ledger_environment");
        builder.Property(e => e.Id).HasColumnName("id").HasDefaultValue(true).ValueGeneratedNever();
        builder.Property(e => e.Environment).HasColumnName("environment").HasMaxLength(20);
        builder.Property(e => e.MarkedAt).HasColumnName("marked_at").HasDefaultValueSql("now()");
        builder.Property(e => e.MarkedBy).HasColumnName("marked_by").HasColumnType("name").IsRequired().HasDefaultValueSql("SESSION_USER");
    }
}
