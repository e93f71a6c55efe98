using System.Text.RegularExpressions;
using Messaging.Ledger.Writing;

namespace Messaging.Ledger.Tests.Architecture;

/// <summary>
/// The ledger owns its tables: it knows nothing of the bus, and no adapter (consumers, saga, CLI) writes SQL
/// against a ledger table. Each test fails the day someone breaks the boundary, naming where.
/// </summary>
public sealed partial class LedgerBoundaryTests
{
    private static readonly string[] AdapterProjects = ["src/Messaging.Processing", "src/Messaging.Admin"];

    [Fact]
    public void Should_not_reference_MassTransit_when_the_ledger_assembly_is_built()
    {
        var references = typeof(LedgerBatchWriter).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();

        Assert.DoesNotContain(references, name => name.StartsWith("MassTransit", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(references, name => name.StartsWith("RabbitMQ", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Should_find_no_sql_naming_a_ledger_table_when_adapters_are_scanned()
    {
        var offences = AdapterProjects
            .SelectMany(project => Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), project), "*.cs", SearchOption.AllDirectories))
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (file, line, number: index + 1)))
            .Where(l => LedgerTableSql().IsMatch(l.line))
            .Select(l => $"{Path.GetRelativePath(RepositoryRoot(), l.file)}:{l.number}: {l.line.Trim()}")
            .ToList();

        Assert.True(offences.Count == 0, "SQL on ledger tables outside Messaging.Ledger (move it into a ledger slice):\n" + string.Join("\n", offences));
    }

    [Fact]
    public void Should_recognise_sql_on_a_ledger_table_when_a_line_has_some()
    {
        // The scan above is only as good as its pattern: prove it catches the shapes adapters used to have.
        Assert.Matches(LedgerTableSql(), "SELECT balance FROM accounts WHERE code = @code");
        Assert.Matches(LedgerTableSql(), "        UPDATE redemptions SET status = 'used'");
        Assert.Matches(LedgerTableSql(), "INSERT INTO issued_vouchers (code) VALUES (@code)");
        Assert.Matches(LedgerTableSql(), "JOIN postings p ON p.journal_entry_id = e.id");
        Assert.DoesNotMatch(LedgerTableSql(), "SELECT message_id FROM inbox_state WHERE consumer_id = @consumer");
        Assert.DoesNotMatch(LedgerTableSql(), "rebuilds cached balances from postings");
    }

    // SQL keywords in capitals, as every statement in this code base is written: prose ("from postings") is not SQL.
    [GeneratedRegex(@"\b(FROM|JOIN|INTO|UPDATE|TRUNCATE)\s+(accounts|journal_entries|postings|ledger_holds|ledger_refusals|rewards|redemptions|issued_vouchers|operator_actions|user_points|tenants|limit_usage|tenant_allocation_log|platform_billing_log)\b",
        RegexOptions.CultureInvariant)]
    private static partial Regex LedgerTableSql();

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Messaging.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Messaging.sln not found above the test assembly; run the tests from the repository.");
    }
}
