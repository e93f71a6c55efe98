using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Messaging.Ledger.Persistence.Schema;

// The functions, triggers and views EF Core's model cannot describe, each defined once in its own file under Persistence/Schema and
// applied after the migrations whenever its text changed or the object is missing (as Flyway's repeatable migrations are). The
// migrations keep tables, columns, keys and grants; the current body of every invariant the database enforces is one file to read.
public static class SchemaObjects
{
    // Beside EF's own history table, and like it outside the model: the migrations must not manage their own ledger.
    internal const string VersionsTable = "__ledger_schema_objects";

    // The order they are applied in: a trigger needs its function, and a view may call a function.
    private static readonly string[] Kinds = ["Functions", "Views", "Triggers"];

    private const string PrepareSql = $"""
        SELECT pg_advisory_xact_lock(hashtext('{VersionsTable}'));
        CREATE TABLE IF NOT EXISTS {VersionsTable} (
            name varchar(100) NOT NULL PRIMARY KEY,
            kind varchar(20) NOT NULL,
            sha256 char(64) NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now());
        """;

    // An object counts as applied only while it exists, so one dropped by hand (or with its table) comes back.
    private const string AppliedSql = $"""
        SELECT v.name, v.sha256 FROM {VersionsTable} v
        WHERE (v.kind = 'Functions' AND EXISTS (
                  SELECT 1 FROM pg_proc p WHERE p.proname = v.name AND p.pronamespace = current_schema()::regnamespace))
           OR (v.kind = 'Views' AND EXISTS (
                  SELECT 1 FROM pg_views w WHERE w.viewname = v.name AND w.schemaname = current_schema()))
           OR (v.kind = 'Triggers' AND EXISTS (
                  SELECT 1 FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                  WHERE t.tgname = v.name AND c.relnamespace = current_schema()::regnamespace))
        """;

    private const string RecordSql = $"""
        INSERT INTO {VersionsTable} (name, kind, sha256) VALUES (@name, @kind, @sha256)
        ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, sha256 = excluded.sha256, applied_at = now()
        """;

    /// <summary>In the order applied.</summary>
    public static IReadOnlyList<SchemaObject> All { get; } = Load();

    /// <summary>
    /// For a migration's Down: drops every object (a function's triggers go with it) and their record; the next migration up applies them
    /// all again, each as its file says.
    /// </summary>
    public static string DropAllSql { get; } =
        string.Join(
            '\n',
            All.Where(o => o.Kind == "Views")
                .Select(o => $"DROP VIEW IF EXISTS {o.Name};")
                .Concat(All.Where(o => o.Kind == "Functions").Select(o => $"DROP FUNCTION IF EXISTS {o.Name} CASCADE;"))
                .Append($"DROP TABLE IF EXISTS {VersionsTable};")
        );

    /// <summary>As the schema's owner, in one transaction, each object that changed or is missing.</summary>
    /// <returns>The names of the objects applied.</returns>
    public static async Task<IReadOnlyList<string>> ApplyAsync(NpgsqlDataSource ownerSource, CancellationToken cancellationToken)
    {
        await using var connection = await ownerSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var prepare = new NpgsqlCommand(PrepareSql, connection, transaction))
        {
            await prepare.ExecuteNonQueryAsync(cancellationToken);
        }

        var applied = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var query = new NpgsqlCommand(AppliedSql, connection, transaction))
        await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                applied[reader.GetString(0)] = reader.GetString(1);
            }
        }

        var changed = new List<string>();
        foreach (var schemaObject in All.Where(o => !applied.TryGetValue(o.Name, out var sha256) || sha256 != o.Sha256))
        {
            await using (var apply = new NpgsqlCommand(schemaObject.Sql, connection, transaction))
            {
                await apply.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var record = new NpgsqlCommand(RecordSql, connection, transaction);
            record.Parameters.AddWithValue("name", schemaObject.Name);
            record.Parameters.AddWithValue("kind", schemaObject.Kind);
            record.Parameters.AddWithValue("sha256", schemaObject.Sha256);
            await record.ExecuteNonQueryAsync(cancellationToken);
            changed.Add(schemaObject.Name);
        }

        await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    private static List<SchemaObject> Load()
    {
        var assembly = typeof(SchemaObjects).Assembly;
        var objects = new List<SchemaObject>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("schema/", StringComparison.Ordinal)))
        {
            // Resources are named schema/<Kind>/<object>.sql (see Messaging.Ledger.csproj).
            var parts = resource.Split('/');
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var text = new StreamReader(stream, Encoding.UTF8);
            // Line endings normalised, so a checkout on Windows neither changes a body nor looks like a change.
            var sql = text.ReadToEnd().ReplaceLineEndings("\n");
            objects.Add(
                new SchemaObject(
                    parts[1],
                    Path.GetFileNameWithoutExtension(parts[2]),
                    sql,
                    Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)))
                )
            );
        }

        return [.. objects.OrderBy(o => Array.IndexOf(Kinds, o.Kind)).ThenBy(o => o.Name, StringComparer.Ordinal)];
    }
}
