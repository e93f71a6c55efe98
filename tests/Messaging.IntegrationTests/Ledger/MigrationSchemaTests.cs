using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Messaging.IntegrationTests.Ledger;

/// <summary>The hand-written migrations create exactly the schema the EF Core model describes.</summary>
[Collection(ProcessingCollection.Name)]
public sealed class MigrationSchemaTests(ServersFixture servers)
{
    private const string SchemaSql = """
        SELECT 'column ' || c.table_name || '.' || c.column_name || ' ' || c.data_type
               || coalesce('(' || c.character_maximum_length || ')', '') || ' null=' || c.is_nullable
               || ' default=' || coalesce(c.column_default, '-') || ' identity=' || coalesce(c.identity_generation, '-')
        FROM information_schema.columns c
        JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.table_name NOT LIKE '\_\_%'
        UNION ALL
        SELECT 'constraint ' || rel.relname || '.' || con.conname || ' ' || pg_get_constraintdef(con.oid)
        FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid JOIN pg_namespace n ON n.oid = rel.relnamespace
        -- A constraint trigger (the hash chain's) is a schema object (DatabaseObjectsTests), not part of the model.
        WHERE n.nspname = 'public' AND rel.relname NOT LIKE '\_\_%' AND con.contype <> 't'
        UNION ALL
        SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE '\_\_%'
        """;

    [Fact]
    public async Task Should_match_the_model_when_migrations_are_applied()
    {
        var modelDatabase = servers.DatabaseName + "_model";
        await using (var admin = new NpgsqlConnection(TestSettings.AdminConnectionString))
        {
            await admin.OpenAsync();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{modelDatabase}\" WITH (FORCE); ", admin).ExecuteNonQueryAsync();
            await new NpgsqlCommand($"CREATE DATABASE \"{modelDatabase}\"", admin).ExecuteNonQueryAsync();
        }

        try
        {
            await using var modelSource = NpgsqlDataSource.Create(TestSettings.ForDatabase(modelDatabase));
            var options = new DbContextOptionsBuilder<Messaging.Ledger.Persistence.LedgerDbContext>();
            Messaging.Ledger.LedgerServiceCollectionExtensions.ConfigureContext(options, modelSource);
            await using (var model = new Messaging.Ledger.Persistence.LedgerDbContext(options.Options))
            {
                // The script holds braces ('{}'::jsonb), which EF's raw-SQL formatting would misread.
                await using var create = modelSource.CreateCommand(model.Database.GenerateCreateScript());
                await create.ExecuteNonQueryAsync();
            }

            var migrated = await SchemaAsync(servers.DataSource);
            var expected = await SchemaAsync(modelSource);

            Assert.Contains(expected, row => row.StartsWith("constraint accounts.ck_accounts_not_negative", StringComparison.Ordinal));
            Assert.Equal(expected, migrated);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(TestSettings.AdminConnectionString);
            await admin.OpenAsync();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{modelDatabase}\" WITH (FORCE)", admin).ExecuteNonQueryAsync();
        }
    }

    private static async Task<List<string>> SchemaAsync(NpgsqlDataSource source)
    {
        var rows = new List<string>();
        await using var command = source.CreateCommand(SchemaSql);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
