using System.Text.Json;
using Messaging.Admin;
using Messaging.Ledger.Writing;

namespace Messaging.IntegrationTests.Admin;

/// <summary>The admin tool's reward catalog and redemption commands against a real ledger.</summary>
[Collection(OperatorsCollection.Name)]
public sealed class RewardCliTests(ServersFixture servers) : IAsyncLifetime
{
    public Task InitializeAsync() => servers.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Should_change_only_what_is_given_when_an_existing_reward_is_set()
    {
        await RunAsync("rewards", "set", "mug", "--name", "Coffee mug", "--cost", "500", "--validity-days", "90");

        var (code, output, error) = await RunAsync("rewards", "set", "mug", "--stock", "5", "--json");

        Assert.True(code == ExitCodes.Ok, error);
        var mug = JsonDocument.Parse(output).RootElement.GetProperty("reward");
        Assert.Equal("Coffee mug", mug.GetProperty("name").GetString());
        Assert.Equal(500, mug.GetProperty("cost").GetInt64());
        Assert.Equal(5, mug.GetProperty("stock").GetInt32());
        Assert.Equal(90, mug.GetProperty("validityDays").GetInt32());
    }

    [Fact]
    public async Task Should_refuse_a_new_reward_without_a_name_or_cost_and_say_what_it_needs()
    {
        var (code, _, error) = await RunAsync("rewards", "set", "lamp", "--cost", "300");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("Reward 'lamp' does not exist yet: a new reward needs --name and --cost", error, StringComparison.Ordinal);
        Assert.Equal(0, await new LedgerProbe(servers.DataSource).ScalarAsync("SELECT count(*) FROM rewards WHERE id = 'lamp'"));
    }

    [Fact]
    public async Task Should_add_change_list_and_deactivate_a_reward_and_log_each_change()
    {
        var (addCode, addOutput, _) = await RunAsync(
            "rewards",
            "set",
            "mug",
            "--name",
            "Coffee mug",
            "--cost",
            "500",
            "--stock",
            "10",
            "--operator",
            "test-operator",
            "--json"
        );
        var (setCode, setOutput, _) = await RunAsync(
            "rewards",
            "set",
            "mug",
            "--name",
            "Big coffee mug",
            "--cost",
            "600",
            "--operator",
            "test-operator"
        );
        var (otherCode, _, _) = await RunAsync(
            "rewards",
            "set",
            "film",
            "--name",
            "Cinema ticket",
            "--cost",
            "900",
            "--unlimited",
            "--validity-days",
            "30",
            "--fulfilment-kind",
            "partner-cinema",
            "--operator",
            "test-operator"
        );
        var (offCode, offOutput, _) = await RunAsync("rewards", "deactivate", "mug", "--operator", "test-operator");
        var (listCode, listOutput, _) = await RunAsync("rewards", "list", "--json");
        var (textCode, text, _) = await RunAsync("rewards", "list");

        Assert.Equal(ExitCodes.Ok, addCode);
        Assert.True(JsonDocument.Parse(addOutput).RootElement.GetProperty("created").GetBoolean());
        Assert.Equal(ExitCodes.Ok, setCode);
        Assert.Contains("updated reward mug; recorded in operator_actions", setOutput, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, otherCode);
        Assert.Equal(ExitCodes.Ok, offCode);
        Assert.Contains("reward mug deactivated", offOutput, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, listCode);
        var rewards = JsonDocument.Parse(listOutput).RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!);
        Assert.Equal(["film", "mug"], rewards.Keys.Order(StringComparer.Ordinal));
        var mug = rewards["mug"];
        Assert.Equal("Big coffee mug", mug.GetProperty("name").GetString());
        Assert.Equal(600, mug.GetProperty("cost").GetInt64());
        Assert.False(mug.GetProperty("active").GetBoolean());
        Assert.Equal(10, mug.GetProperty("stock").GetInt32());
        Assert.Equal(365, mug.GetProperty("validityDays").GetInt32());
        Assert.Equal("voucher", mug.GetProperty("fulfilmentKind").GetString());
        var film = rewards["film"];
        Assert.True(film.GetProperty("active").GetBoolean());
        Assert.Equal(JsonValueKind.Null, film.GetProperty("stock").ValueKind);
        Assert.True(film.GetProperty("unlimited").GetBoolean());
        Assert.Equal(30, film.GetProperty("validityDays").GetInt32());
        Assert.Equal("partner-cinema", film.GetProperty("fulfilmentKind").GetString());
        Assert.Equal(ExitCodes.Ok, textCode);
        Assert.Contains("unlimited", text, StringComparison.Ordinal);
        Assert.Contains("2 reward(s), 1 active", text, StringComparison.Ordinal);

        var probe = new LedgerProbe(servers.DataSource);
        Assert.Equal(
            3,
            await probe.ScalarAsync("SELECT count(*) FROM operator_actions WHERE action = 'reward-set' AND operator = 'test-operator'")
        );
        Assert.Equal(
            1,
            await probe.ScalarAsync(
                "SELECT count(*) FROM operator_actions WHERE action = 'reward-set' AND outcome = 'created "
                    + "reward mug' AND parameters->>'cost' = '500'"
            )
        );
        Assert.Equal(
            1,
            await probe.ScalarAsync(
                "SELECT count(*) FROM operator_actions WHERE action = 'reward-deactivate' AND outcome = "
                    + "'reward mug deactivated' AND parameters->>'id' = 'mug'"
            )
        );
    }

    [Fact]
    public async Task Should_activate_a_reward_again()
    {
        await RunAsync("rewards", "set", "mug", "--name", "Coffee mug", "--cost", "500");
        await RunAsync("rewards", "deactivate", "mug");

        var (code, output, _) = await RunAsync("rewards", "activate", "mug", "--json");

        Assert.Equal(ExitCodes.Ok, code);
        var result = JsonDocument.Parse(output).RootElement;
        Assert.True(result.GetProperty("changed").GetBoolean());
        Assert.True(result.GetProperty("reward").GetProperty("active").GetBoolean());
        Assert.Equal(
            1,
            await new LedgerProbe(servers.DataSource).ScalarAsync("SELECT count(*) FROM operator_actions WHERE action = 'reward-activate'")
        );
    }

    [Theory]
    [InlineData("activate")]
    [InlineData("deactivate")]
    public async Task Should_exit_4_and_log_nothing_for_an_unknown_reward(string verb)
    {
        var (code, _, error) = await RunAsync("rewards", verb, "nothing");

        Assert.Equal(ExitCodes.NotFound, code);
        Assert.Contains("No reward 'nothing'", error, StringComparison.Ordinal);
        Assert.Equal(0, await new LedgerProbe(servers.DataSource).ScalarAsync("SELECT count(*) FROM operator_actions"));
    }

    [Theory]
    [InlineData("--cost must be more than 0", "--name", "Mug", "--cost", "0")]
    [InlineData("--stock must be 0 or more", "--name", "Mug", "--cost", "5", "--stock", "-1")]
    [InlineData("either --stock or --unlimited", "--name", "Mug", "--cost", "5", "--stock", "3", "--unlimited")]
    [InlineData("--validity-days must be more than 0", "--name", "Mug", "--cost", "5", "--validity-days", "0")]
    [InlineData("--fulfilment-kind 'Partner_X' is not a kind", "--name", "Mug", "--cost", "5", "--fulfilment-kind", "Partner_X")]
    [InlineData("--name must be 1 to 200 characters", "--name", "", "--cost", "5")]
    [InlineData("--cost", "--name", "Mug")]
    public async Task Should_refuse_a_reward_the_database_would_refuse_with_exit_1(string expected, params string[] options)
    {
        var (code, _, error) = await RunAsync(["rewards", "set", "mug", .. options]);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal(0, await new LedgerProbe(servers.DataSource).ScalarAsync("SELECT count(*) FROM rewards"));
    }

    [Fact]
    public async Task Should_list_a_users_completed_redemptions_newest_first()
    {
        await using (var connection = await servers.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await new LedgerBatchWriter().ApplyAsync(connection, [Entries.Earn("o-1", "alice", 1000)], CancellationToken.None);
            await transaction.CommitAsync();
        }

        await using (
            var insert = servers.DataSource.CreateCommand(
                """
                INSERT INTO redemptions (id, user_id, reward_id, reward_name, points, status, voucher_code, journal_entry_id, redeemed_at,
                    expires_at, is_used, used_at)
                SELECT '00000000-0000-0000-0000-00000000000a', 'alice', 'mug', 'Coffee mug', 500, 'used', 'V-OLD', id, now() - interval
                    '2 days', now() + interval '28 days', true, now() - interval '1 day'
                FROM journal_entries LIMIT 1;
                INSERT INTO redemptions (id, user_id, reward_id, reward_name, points, status, voucher_code, journal_entry_id, redeemed_at,
                    expires_at, is_used)
                SELECT '00000000-0000-0000-0000-00000000000b', 'alice', 'film', 'Cinema ticket', 300, 'active', 'V-NEW', id, now(), now() +
                    interval '30 days', false
                FROM journal_entries LIMIT 1;
                INSERT INTO redemptions (id, user_id, reward_id, reward_name, points, status, voucher_code, journal_entry_id, redeemed_at,
                    expires_at, is_used)
                SELECT '00000000-0000-0000-0000-00000000000c', 'bob', 'film', 'Cinema ticket', 300, 'active', 'V-BOB', id, now(), now() +
                    interval '30 days', false
                FROM journal_entries LIMIT 1;
                """
            )
        )
        {
            await insert.ExecuteNonQueryAsync();
        }

        var (code, output, _) = await RunAsync("redemptions", "alice", "--json");
        var (textCode, text, _) = await RunAsync("redemptions", "alice");
        var (noneCode, none, _) = await RunAsync("redemptions", "nobody");

        Assert.Equal(ExitCodes.Ok, code);
        var rows = JsonDocument.Parse(output).RootElement.EnumerateArray().ToList();
        Assert.Equal(["V-NEW", "V-OLD"], rows.Select(r => r.GetProperty("voucherCode").GetString()));
        Assert.Equal("film", rows[0].GetProperty("rewardId").GetString());
        Assert.Equal("Cinema ticket", rows[0].GetProperty("rewardName").GetString());
        Assert.Equal(300, rows[0].GetProperty("points").GetInt64());
        Assert.Equal("active", rows[0].GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, rows[0].GetProperty("usedAt").ValueKind);
        Assert.Equal("used", rows[1].GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, rows[1].GetProperty("usedAt").ValueKind);
        Assert.Equal(ExitCodes.Ok, textCode);
        Assert.Contains("2 redemption(s) for user 'alice'", text, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, noneCode);
        Assert.Contains("0 redemption(s) for user 'nobody'", none, StringComparison.Ordinal);
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await AdminApp.RunAsync([.. args, "--connection", servers.OperatorConnectionString], output, error);
        return (code, output.ToString(), error.ToString());
    }
}
