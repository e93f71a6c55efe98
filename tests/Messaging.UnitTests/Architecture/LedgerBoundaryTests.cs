using System.Text.RegularExpressions;
using System.Xml.Linq;
using Messaging.Ledger.Writing;

namespace Messaging.UnitTests.Architecture;

/// <summary>
/// The ledger owns the database: it knows nothing of the bus, and no other project (consumers, saga, worker, CLI, API,
/// contracts) holds SQL or runs a command. Each test fails the day someone breaks the boundary, naming where.
/// </summary>
public sealed partial class LedgerBoundaryTests
{
    private const string LedgerProject = "src/Messaging.Ledger";

    [Fact]
    public void Should_not_reference_MassTransit_when_the_ledger_assembly_is_built()
    {
        var references = typeof(LedgerBatchWriter).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();

        Assert.DoesNotContain(references, name => name.StartsWith("MassTransit", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(references, name => name.StartsWith("RabbitMQ", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("src/Messaging.Ledger/Messaging.Ledger.csproj")]
    [InlineData("src/Messaging.Operations/Messaging.Operations.csproj")]
    [InlineData("src/Messaging.Admin/Messaging.Admin.csproj")]
    [InlineData("src/Messaging.Api/Messaging.Api.csproj")]
    [InlineData("contracts/Messaging.Contracts.csproj")]
    public void Should_not_reach_the_bus_when_a_project_without_consumers_is_built(string project)
    {
        var reached = ProjectsReachedFrom(Path.Combine(RepositoryPaths.Root(), project));
        var packages = reached.SelectMany(PackagesOf).ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.DoesNotContain(reached, p => Path.GetFileName(p) == "Messaging.Processing.csproj");
        Assert.DoesNotContain(packages, name => name.StartsWith("MassTransit", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Should_find_no_sql_outside_the_ledger_when_every_other_project_is_scanned()
    {
        var ledger = Path.Combine(RepositoryPaths.Root(), LedgerProject) + Path.DirectorySeparatorChar;
        var offences = new[] { "src", "contracts" }
            .SelectMany(folder =>
                RepositoryPaths.LinesMatching(Path.Combine(RepositoryPaths.Root(), folder), Sql(), skipFile: file =>
                    file.StartsWith(ledger, StringComparison.Ordinal)
                )
            )
            .ToList();

        Assert.True(
            offences.Count == 0,
            "SQL outside Messaging.Ledger (move it into the ledger's store or slice for that table):\n" + string.Join("\n", offences)
        );
    }

    [Fact]
    public void Should_insert_entries_and_postings_in_one_place_when_the_ledger_is_scanned()
    {
        var inserts = RepositoryPaths.LinesMatching(Path.Combine(RepositoryPaths.Root(), LedgerProject), JournalInsert());

        Assert.True(
            inserts.Count == 2 && inserts.All(l => l.Contains("JournalInserts.cs", StringComparison.Ordinal)),
            "Journal entries and postings are inserted by Journal/JournalInserts only (one column list, one provenance):\n"
                + string.Join("\n", inserts)
        );
    }

    [Fact]
    public void Should_recognise_sql_when_a_line_has_some()
    {
        // The scan above is only as good as its pattern: prove it catches the shapes other projects used to have.
        Assert.Matches(Sql(), "SELECT balance FROM accounts WHERE code = @code");
        Assert.Matches(Sql(), "        UPDATE redemptions SET status = 'used'");
        Assert.Matches(Sql(), "INSERT INTO issued_vouchers (code) VALUES (@code)");
        Assert.Matches(Sql(), "JOIN postings p ON p.journal_entry_id = e.id");
        Assert.Matches(Sql(), "DELETE FROM inbox_state WHERE ctid = ANY(ARRAY(");
        Assert.Matches(Sql(), "            SELECT ctid FROM inbox_state WHERE received_at < now() - @retention LIMIT 5000))");
        Assert.Matches(Sql(), "await db.Database.ExecuteSqlRawAsync(\"UPDATE ledger_environment SET environment = {0}\", name);");
        Assert.Matches(Sql(), "await using var command = dataSource.CreateCommand(sql);");
        Assert.Matches(Sql(), "await using var command = new NpgsqlCommand(LoadSql, connection);");
        Assert.Matches(Sql(), "using Dapper;");
        Assert.DoesNotMatch(Sql(), "rebuilds cached balances from postings");
        Assert.DoesNotMatch(Sql(), "command.Subcommands.Add(CreateCommand(context));");
        Assert.DoesNotMatch(Sql(), "Select the rows to replay from the queue");
    }

    // SQL keywords in capitals, as every statement in this code base is written (prose such as "from postings" is not
    // SQL), and the ADO.NET and EF Core calls that run it.
    [GeneratedRegex(
        """
            \b(SELECT\b.*\bFROM|INSERT\s+INTO|UPDATE\s+[a-z_]+\s+SET|DELETE\s+FROM|TRUNCATE\s+[a-z_]|JOIN\s+[a-z_]+\s+[a-z]+\s+ON)\b
            |\b(CREATE|ALTER|DROP)\s+(TABLE|ROLE|FUNCTION|TRIGGER|VIEW|INDEX|SCHEMA|DATABASE)\b
            |ExecuteSql|SqlQuery|NpgsqlCommand|NpgsqlBatch|\.CreateCommand\(|^using\s+Dapper;
            """,
        RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace | RegexOptions.Multiline
    )]
    private static partial Regex Sql();

    [GeneratedRegex(@"INSERT\s+INTO\s+(journal_entries|postings)\b")]
    private static partial Regex JournalInsert();

    // The project and every project it references, directly or not.
    private static HashSet<string> ProjectsReachedFrom(string project)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(project)]);
        while (pending.TryPop(out var next))
        {
            if (reached.Add(next))
            {
                foreach (var reference in XDocument.Load(next).Descendants("ProjectReference"))
                {
                    pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(next)!, reference.Attribute("Include")!.Value)));
                }
            }
        }

        return reached;
    }

    private static IEnumerable<string> PackagesOf(string project) =>
        XDocument.Load(project).Descendants("PackageReference").Select(p => p.Attribute("Include")!.Value);
}
