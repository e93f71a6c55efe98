using System.Text.Json;

namespace Messaging.IntegrationTests.Admin;

/// <summary><c>eng/ledger</c>, the admin tool under a short name, as an operator types it.</summary>
[Collection(OperatorsCollection.Name)]
public sealed class LedgerCommandTests(ServersFixture servers)
{
    [Fact]
    public async Task Should_run_the_admin_tool_with_its_arguments_and_exit_code()
    {
        var environment = new Dictionary<string, string> { ["ConnectionStrings__LedgerOperator"] = servers.OperatorConnectionString };

        var summary = await Shell.RunAsync("bash", [Path.Combine(RepositoryPaths.Root, "eng", "ledger"), "summary", "--json"], environment);
        var missing = await Shell.RunAsync("bash", [Path.Combine(RepositoryPaths.Root, "eng", "ledger"), "balance", "nobody"], environment);

        Assert.True(summary.ExitCode == 0, summary.Output);
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(summary.StandardOutput).RootElement.ValueKind);
        Assert.Equal(Messaging.Admin.ExitCodes.NotFound, missing.ExitCode);
    }
}
