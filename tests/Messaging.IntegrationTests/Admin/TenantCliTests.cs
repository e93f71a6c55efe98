using System.Text.Json;
using Messaging.Admin;

namespace Messaging.IntegrationTests.Admin;

/// <summary>
/// The admin tool's tenant commands: the registry, allocate and clawback through the broker with the admin's own
/// credentials (answered by the running processor), and seed 002's reports, against real servers.
/// </summary>
[Collection(OperatorsCollection.Name)]
public sealed class TenantCliTests(ServersFixture servers) : Tenants.TenantTest(servers)
{
    [Fact]
    public async Task Should_register_change_and_refuse_tenants_with_errors_that_say_how_to_fix_them()
    {
        var (added, addOutput, _) = await RunAsync(
            "tenant",
            "add",
            "acme",
            "--name",
            "Acme Corp",
            "--time-zone",
            "Europe/Paris",
            "--giving-allowance",
            "100"
        );
        var (again, _, againError) = await RunAsync("tenant", "add", "acme", "--name", "Acme again");
        var (badId, _, badIdError) = await RunAsync("tenant", "add", "acme corp!");
        var (badZone, _, badZoneError) = await RunAsync("tenant", "set", "acme", "--time-zone", "Mars/Olympus");
        var (ghost, _, ghostError) = await RunAsync("tenant", "set", "initech", "--name", "Initech");
        var (changed, _, _) = await RunAsync("tenant", "set", "acme", "--no-allowance");
        var (listed, listOutput, _) = await RunAsync("tenants", "--json");

        Assert.Equal(ExitCodes.Ok, added);
        Assert.Contains("tenant acme registered; recorded in operator_actions", addOutput, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Refused, again);
        Assert.Contains("Tenant 'acme' is already registered. Change it with `tenant set acme ...`", againError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, badId);
        Assert.Contains("The tenant id 'acme corp!' is not valid", badIdError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, badZone);
        Assert.Contains("--time-zone 'Mars/Olympus' is not a time zone this machine knows", badZoneError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.NotFound, ghost);
        Assert.Contains("Register it with `tenant add initech --name <name>`", ghostError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, changed);
        Assert.Equal(ExitCodes.Ok, listed);
        var acme = Assert.Single(JsonDocument.Parse(listOutput).RootElement.EnumerateArray());
        Assert.Equal("Acme Corp", acme.GetProperty("name").GetString());
        Assert.Equal("Europe/Paris", acme.GetProperty("timeZone").GetString());
        Assert.Equal(JsonValueKind.Null, acme.GetProperty("monthlyGivingAllowance").ValueKind);
        Assert.Equal(2, await Ledger.ScalarAsync("SELECT count(*) FROM operator_actions WHERE action IN ('tenant-add', 'tenant-set')"));
    }

    [Fact]
    public async Task Should_allocate_and_claw_back_through_the_processor_and_report_it()
    {
        await RunAsync("tenant", "add", "acme", "--name", "Acme Corp");
        await RunAsync("tenant", "add", "globex", "--name", "Globex");
        await using (await InProcessProcessor.StartAsync(Servers))
        {
            var (allocated, allocateOutput, allocateError) = await RunAsync(
                "allocate",
                "acme",
                "1000",
                "--reference-note",
                "Invoice 9",
                "--allocation-id",
                "cli-1"
            );
            Assert.True(allocated == ExitCodes.Ok, allocateError);
            Assert.Contains(
                $"allocation cli-1: 1000 points minted into tenant acme's pool, now 1000 (authorised as {BrokerRoles.Admin})",
                allocateOutput,
                StringComparison.Ordinal
            );
            Assert.Equal(ExitCodes.Ok, (await RunAsync("allocate", "globex", "300")).Code);

            var (clawed, clawOutput, _) = await RunAsync(
                "clawback",
                "acme",
                "1500",
                "--reason",
                "contract ended",
                "--clawback-id",
                "cli-c1"
            );
            Assert.Equal(ExitCodes.Ok, clawed);
            Assert.Contains(
                "clawback cli-c1: 1000 of 1500 points taken back from tenant acme's pool, shortfall 500 (the pool held less); pool now 0",
                clawOutput,
                StringComparison.Ordinal
            );
            var (empty, emptyOutput, _) = await RunAsync("clawback", "acme", "10", "--reason", "again");
            Assert.Equal(ExitCodes.Ok, empty);
            Assert.Contains("0 of 10 points taken back from tenant acme's pool, shortfall 10", emptyOutput, StringComparison.Ordinal);
        }

        var (ghost, _, ghostError) = await RunAsync("allocate", "initech", "10");
        Assert.Equal(ExitCodes.NotFound, ghost);
        Assert.Contains("No tenant 'initech' is registered", ghostError, StringComparison.Ordinal);

        var (_, show, _) = await RunAsync("tenant", "show", "acme");
        Assert.Contains("pool 0 points: allocated 1000, clawed back 1000, recognised 0", show, StringComparison.Ordinal);
        Assert.Contains("contract ended (shortfall 500)", show, StringComparison.Ordinal);
        Assert.Contains("Invoice 9", show, StringComparison.Ordinal);

        var (_, weekly, _) = await RunAsync("report", "allocations", "--by", "week", "--json");
        var week = Assert.Single(JsonDocument.Parse(weekly).RootElement.EnumerateArray());
        Assert.Equal(2, week.GetProperty("allocations").GetInt64());
        Assert.Equal(1300, week.GetProperty("pointsAllocated").GetInt64());
        Assert.Equal(1000, week.GetProperty("pointsClawedBack").GetInt64());
        Assert.Equal(2, week.GetProperty("tenants").GetInt64());

        var (_, top, _) = await RunAsync("report", "top-tenants", "--top", "1", "--json");
        Assert.Equal("acme", Assert.Single(JsonDocument.Parse(top).RootElement.EnumerateArray()).GetProperty("tenantId").GetString());
        var (_, activity, _) = await RunAsync("report", "tenant-activity", "--json");
        Assert.Equal(
            ["globex", "acme"],
            JsonDocument.Parse(activity).RootElement.EnumerateArray().Select(r => r.GetProperty("tenantId").GetString())
        );

        var (audited, audit, _) = await RunAsync("audit");
        Assert.Equal(ExitCodes.Ok, audited);
        Assert.Contains("conservation: issued 300 = pools 300 + wallets 0 + spent 0", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_say_the_allocation_was_refused_when_the_admin_is_not_authorised()
    {
        await RunAsync("tenant", "add", "acme", "--name", "Acme Corp");
        await using (
            await InProcessProcessor.StartAsync(
                Servers,
                new Dictionary<string, string?> { ["Tenants:Administrators:0"] = "platform-admin" }
            )
        )
        {
            var (code, _, error) = await RunAsync("allocate", "acme", "1000");

            Assert.Equal(ExitCodes.Refused, code);
            Assert.Contains(
                "refused (unauthorised_minting): AllocateToTenant was published by RabbitMQ user "
                    + $"'{BrokerRoles.Admin}', who is not on Tenants:Administrators",
                error,
                StringComparison.Ordinal
            );
        }

        Assert.Equal(0, await Ledger.PoolAsync("acme"));
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string[] settings = ["--connection", Servers.OperatorConnectionString, "--operator", "test-operator"];
        if (args[0] is "allocate" or "clawback" or "audit")
        {
            // As an administrator's own broker user: the one that may publish minting commands.
            settings =
            [
                .. settings,
                "--rabbit-user",
                BrokerRoles.Admin,
                "--rabbit-password",
                BrokerRoles.PasswordOf(BrokerRoles.Admin),
                "--rabbit-host",
                TestSettings.RabbitHost,
                "--rabbit-vhost",
                Servers.VirtualHost,
            ];
        }

        var code = await AdminApp.RunAsync([.. args, .. settings], output, error);
        return (code, output.ToString(), error.ToString());
    }
}
