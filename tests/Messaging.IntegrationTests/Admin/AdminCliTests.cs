using System.Globalization;
using System.Text.Json;
using Messaging.Admin;
using Messaging.Ledger.Writing;

namespace Messaging.IntegrationTests.Admin;

/// <summary>The admin tool's read and audit commands against a real ledger.</summary>
[Collection(ProcessWideCollection.Name)]
public sealed class AdminCliTests(ServersFixture servers) : IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await servers.ResetAsync();
        await using var connection = await servers.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await new LedgerBatchWriter().ApplyAsync(
            connection,
            [Entries.Earn("o-1", "alice", 120), Entries.Earn("o-2", "bob", 30), Entries.Earn("o-3", "alice", 5)],
            CancellationToken.None
        );
        await transaction.CommitAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Should_print_a_users_figures_as_json()
    {
        var (code, output, _) = await RunAsync("balance", "alice", "--json");

        Assert.Equal(ExitCodes.Ok, code);
        var figures = JsonDocument.Parse(output).RootElement;
        Assert.Equal(125, figures.GetProperty("currentPoints").GetInt64());
        Assert.Equal(125, figures.GetProperty("lifetimeEarned").GetInt64());
        Assert.Equal(0, figures.GetProperty("lifetimeRedeemed").GetInt64());
        Assert.NotEqual(JsonValueKind.Null, figures.GetProperty("lastEarnedAt").ValueKind);
    }

    [Fact]
    public async Task Should_show_held_and_available_points_next_to_the_balance()
    {
        await PlaceHoldAsync("redemption:test-hold", "alice", 40, "now() + interval '1 hour'");

        var (code, output, _) = await RunAsync("balance", "alice", "--json");
        var (textCode, text, _) = await RunAsync("balance", "alice");

        Assert.Equal(ExitCodes.Ok, code);
        var figures = JsonDocument.Parse(output).RootElement;
        Assert.Equal(125, figures.GetProperty("currentPoints").GetInt64());
        Assert.Equal(40, figures.GetProperty("heldPoints").GetInt64());
        Assert.Equal(85, figures.GetProperty("availablePoints").GetInt64());
        Assert.Equal(ExitCodes.Ok, textCode);
        Assert.Contains("held points       40", text, StringComparison.Ordinal);
        Assert.Contains("available points  85", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_say_what_to_check_and_exit_4_when_the_user_is_unknown()
    {
        var (code, _, error) = await RunAsync("balance", "nobody");

        Assert.Equal(ExitCodes.NotFound, code);
        Assert.Contains("No wallet for user 'nobody'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_list_what_expires_when_soonest_first_and_what_never_expires()
    {
        var soon = DateTimeOffset.Parse("2027-01-31T10:00:00Z", CultureInfo.InvariantCulture);
        await using (var connection = await servers.DataSource.OpenConnectionAsync())
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await new LedgerBatchWriter().ApplyAsync(
                connection,
                [
                    Entries.Earn("x-late", "xena", 100),
                    Entries.Earn("x-soon", "xena", 40, expiresAt: soon),
                    Entries.Earn("x-later", "xena", 5, expiresAt: soon.AddMonths(6)),
                ],
                CancellationToken.None
            );
            await transaction.CommitAsync();
        }

        var (code, output, error) = await RunAsync("expiring", "xena", "--json");
        var (_, text, _) = await RunAsync("expiring", "xena");
        var (missing, _, missingError) = await RunAsync("expiring", "nobody");

        Assert.True(code == ExitCodes.Ok, error);
        var expiring = JsonDocument.Parse(output).RootElement;
        Assert.Equal(145, expiring.GetProperty("balance").GetInt64());
        Assert.Equal(100, expiring.GetProperty("neverExpiring").GetInt64());
        Assert.Equal(
            ["order:x-soon", "order:x-later"],
            expiring.GetProperty("lots").EnumerateArray().Select(l => l.GetProperty("lotKey").GetString()!).ToArray()
        );
        Assert.Contains("never expiring  100", text, StringComparison.Ordinal);
        Assert.Contains("2027-01-31 10:00:00Z", text, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.NotFound, missing);
        Assert.Contains("No wallet for user 'nobody'", missingError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_explain_a_balance_by_its_lots_and_the_entries_that_consumed_each()
    {
        await using (var connection = await servers.DataSource.OpenConnectionAsync())
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await new LedgerBatchWriter().ApplyAsync(
                connection,
                [
                    Entries.Earn("y-late", "yuri", 100),
                    Entries.Earn("y-soon", "yuri", 40, expiresAt: DateTimeOffset.UtcNow.AddDays(5)),
                    new LedgerWrite(
                        Messaging.Ledger.Journal.EntryDraft.Transfer(
                            "redemption:y-1",
                            Messaging.Ledger.Journal.EntryTypes.Redeemed,
                            "Mug",
                            "h",
                            DateTimeOffset.UtcNow,
                            Messaging.Ledger.Accounts.AccountRef.UserWallet("yuri"),
                            Messaging.Ledger.Accounts.AccountRef.PlatformRedemptions,
                            60
                        ),
                        []
                    ),
                ],
                CancellationToken.None
            );
            await transaction.CommitAsync();
        }

        var (code, output, error) = await RunAsync("explain", "yuri", "--json");
        var (_, all, _) = await RunAsync("explain", "yuri", "--all");

        Assert.True(code == ExitCodes.Ok, error);
        var explained = JsonDocument.Parse(output).RootElement;
        Assert.Equal(80, explained.GetProperty("balance").GetInt64());
        var lot = Assert.Single(explained.GetProperty("lots").EnumerateArray());
        Assert.Equal(
            ("order:y-late", 80L, 100L),
            (lot.GetProperty("lotKey").GetString(), lot.GetProperty("remaining").GetInt64(), lot.GetProperty("amount").GetInt64())
        );
        var draw = Assert.Single(lot.GetProperty("draws").EnumerateArray());
        Assert.Equal(("redemption:y-1", 20L), (draw.GetProperty("entryKey").GetString(), draw.GetProperty("points").GetInt64()));
        // With --all, the lot spent first (it expires soonest) and what consumed it.
        Assert.Contains("0 of 40       order:y-soon", all, StringComparison.Ordinal);
        Assert.Contains("- 40 by redemption:y-1", all, StringComparison.Ordinal);
        Assert.Contains("yuri: 80 points (0 held)", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_give_a_users_points_as_of_any_past_instant_from_the_postings_recorded_until_then()
    {
        await using (var connection = await servers.DataSource.OpenConnectionAsync())
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await new LedgerBatchWriter().ApplyAsync(
                connection,
                [
                    Entries.Earn("c-1", "carol", 50, DateTimeOffset.Parse("2026-01-10T00:00:00Z", CultureInfo.InvariantCulture)),
                    Entries.Earn("c-2", "carol", 20, DateTimeOffset.Parse("2026-02-10T08:30:00Z", CultureInfo.InvariantCulture)),
                ],
                CancellationToken.None
            );
            await transaction.CommitAsync();
        }

        async Task<JsonElement> AtAsync(string at)
        {
            var (code, output, error) = await RunAsync("balance", "carol", "--at", at, "--json");
            Assert.True(code == ExitCodes.Ok, error);
            return JsonDocument.Parse(output).RootElement;
        }

        Assert.Equal(0, (await AtAsync("2026-01-09T23:59:59Z")).GetProperty("points").GetInt64());
        // Inclusive of the instant itself; a date alone is its midnight, UTC.
        Assert.Equal(50, (await AtAsync("2026-01-10")).GetProperty("points").GetInt64());
        var february = await AtAsync("2026-02-10T09:30:00+01:00");
        Assert.Equal(70, february.GetProperty("points").GetInt64());
        Assert.Equal(70, february.GetProperty("credited").GetInt64());
        Assert.Equal(2, february.GetProperty("postings").GetInt64());
        Assert.Equal("2026-02-10T08:30:00+00:00", february.GetProperty("at").GetString());
        Assert.Equal(50, (await AtAsync("2026-02-10T09:29:59+01:00")).GetProperty("points").GetInt64());
        // Today's figure is the balance the wallet holds.
        var (_, text, _) = await RunAsync(
            "balance",
            "carol",
            "--at",
            DateTimeOffset.UtcNow.AddMinutes(1).ToString("O", CultureInfo.InvariantCulture)
        );
        Assert.Contains("points            70", text, StringComparison.Ordinal);
        Assert.Equal(70, await new LedgerProbe(servers.DataSource).BalanceAsync("carol"));

        var (badCode, _, badError) = await RunAsync("balance", "carol", "--at", "last tuesday");
        Assert.NotEqual(ExitCodes.Ok, badCode);
        Assert.Contains("--at must be an instant in ISO 8601", badError, StringComparison.Ordinal);
        var (missingCode, _, missingError) = await RunAsync("balance", "nobody", "--at", "2026-01-01");
        Assert.Equal(ExitCodes.NotFound, missingCode);
        Assert.Contains("No wallet for user 'nobody'", missingError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_page_through_the_whole_journal_newest_first_and_filter_it_by_user_type_time_and_tenant()
    {
        static IReadOnlyList<string> Keys(JsonElement page) =>
            [.. page.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("idempotencyKey").GetString()!)];

        var (code, output, error) = await RunAsync("entries", "--limit", "2", "--json");
        Assert.True(code == ExitCodes.Ok, error);
        var first = JsonDocument.Parse(output).RootElement;
        Assert.Equal(["order:o-3", "order:o-2"], Keys(first));
        Assert.Equal(2, first.GetProperty("entries")[0].GetProperty("postings").GetArrayLength());
        var next = first.GetProperty("next").GetInt64();

        var (_, secondOutput, _) = await RunAsync("entries", "--limit", "2", "--before", $"{next}", "--json");
        var second = JsonDocument.Parse(secondOutput).RootElement;
        Assert.Equal(["order:o-1"], Keys(second));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);

        Assert.Equal(
            ["order:o-3", "order:o-1"],
            Keys(JsonDocument.Parse((await RunAsync("entries", "--user", "alice", "--json")).Output).RootElement)
        );
        Assert.Equal(3, Keys(JsonDocument.Parse((await RunAsync("entries", "--type", "earned", "--json")).Output).RootElement).Count);
        Assert.Empty(Keys(JsonDocument.Parse((await RunAsync("entries", "--type", "redeemed", "--json")).Output).RootElement));
        Assert.Empty(Keys(JsonDocument.Parse((await RunAsync("entries", "--tenant", "no-such-tenant", "--json")).Output).RootElement));
        // Wallets and the issuance account of an installation without tenants are the default tenant's.
        Assert.Equal(3, Keys(JsonDocument.Parse((await RunAsync("entries", "--tenant", "default", "--json")).Output).RootElement).Count);
        var tomorrow = DateTimeOffset.UtcNow.AddDays(1).ToString("O", CultureInfo.InvariantCulture);
        var yesterday = DateTimeOffset.UtcNow.AddDays(-1).ToString("O", CultureInfo.InvariantCulture);
        Assert.Empty(Keys(JsonDocument.Parse((await RunAsync("entries", "--since", tomorrow, "--json")).Output).RootElement));
        Assert.Equal(
            ["order:o-2"],
            Keys(
                JsonDocument
                    .Parse((await RunAsync("entries", "--since", yesterday, "--until", tomorrow, "--user", "bob", "--json")).Output)
                    .RootElement
            )
        );

        var (text, textOutput, _) = await RunAsync("entries", "--limit", "1");
        Assert.Equal(ExitCodes.Ok, text);
        Assert.Contains("order:o-3", textOutput, StringComparison.Ordinal);
        Assert.Contains("the next page: add --before", textOutput, StringComparison.Ordinal);

        var (badLimit, _, badLimitError) = await RunAsync("entries", "--limit", "0");
        Assert.NotEqual(ExitCodes.Ok, badLimit);
        Assert.Contains("--limit must be between 1 and 1000 (got 0)", badLimitError, StringComparison.Ordinal);
        var (badSince, _, badSinceError) = await RunAsync("entries", "--since", "soon");
        Assert.NotEqual(ExitCodes.Ok, badSince);
        Assert.Contains("--since must be an instant in ISO 8601", badSinceError, StringComparison.Ordinal);
        var (empty, _, emptyError) = await RunAsync("entries", "--since", tomorrow, "--until", yesterday);
        Assert.Equal(ExitCodes.Usage, empty);
        Assert.Contains("must be before --until", emptyError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_list_a_users_entries_newest_first_with_their_postings()
    {
        var (code, output, _) = await RunAsync("history", "alice", "--json");

        Assert.Equal(ExitCodes.Ok, code);
        var entries = JsonDocument.Parse(output).RootElement.EnumerateArray().ToList();
        Assert.Equal(["order:o-3", "order:o-1"], entries.Select(e => e.GetProperty("idempotencyKey").GetString()));
        var postings = entries[0]
            .GetProperty("postings")
            .EnumerateArray()
            .ToDictionary(p => p.GetProperty("account").GetString()!, p => p.GetProperty("amount").GetInt64());
        Assert.Equal(5, postings["user:alice:wallet"]);
        Assert.Equal(-5, postings["platform:issuance:orders"]);
    }

    [Fact]
    public async Task Should_show_one_entry_in_full_by_its_key_and_exit_4_for_an_unknown_key()
    {
        var (code, output, _) = await RunAsync("entry", "order:o-2", "--json");
        var (missing, _, error) = await RunAsync("entry", "order:none");

        Assert.Equal(ExitCodes.Ok, code);
        var detail = JsonDocument.Parse(output).RootElement;
        Assert.Equal("order:o-2", detail.GetProperty("entry").GetProperty("idempotencyKey").GetString());
        Assert.Equal(0, detail.GetProperty("entry").GetProperty("postings").EnumerateArray().Sum(p => p.GetProperty("amount").GetInt64()));
        Assert.Equal(2, detail.GetProperty("entry").GetProperty("postings").GetArrayLength());
        Assert.Equal(ExitCodes.NotFound, missing);
        Assert.Contains("No journal entry with key or id 'order:none'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("day")]
    [InlineData("week")]
    public async Task Should_report_points_earned_per_period_and_entry_type(string period)
    {
        var (code, output, _) = await RunAsync("report", "earned", "--by", period, "--json");

        Assert.Equal(ExitCodes.Ok, code);
        var row = Assert.Single(JsonDocument.Parse(output).RootElement.EnumerateArray());
        Assert.Equal("earned", row.GetProperty("entryType").GetString());
        Assert.Equal(3, row.GetProperty("entries").GetInt64());
        Assert.Equal(155, row.GetProperty("points").GetInt64());
    }

    [Fact]
    public async Task Should_total_all_users_and_rank_the_top_ones_in_the_summary()
    {
        var (code, output, _) = await RunAsync("summary", "--top", "1", "--json");

        Assert.Equal(ExitCodes.Ok, code);
        var summary = JsonDocument.Parse(output).RootElement;
        Assert.Equal(2, summary.GetProperty("users").GetInt64());
        Assert.Equal(155, summary.GetProperty("currentPoints").GetInt64());
        var top = Assert.Single(summary.GetProperty("topUsers").EnumerateArray());
        Assert.Equal("alice", top.GetProperty("userId").GetString());
    }

    [Fact]
    public async Task Should_pass_the_audit_when_the_ledger_is_sound()
    {
        var (code, output, _) = await RunAsync("audit", "--json");

        Assert.Equal(ExitCodes.Ok, code);
        var report = JsonDocument.Parse(output).RootElement;
        Assert.Empty(report.GetProperty("findings").EnumerateArray());
        Assert.Equal(155, report.GetProperty("pointsIssued").GetInt64());
        Assert.Equal(3, report.GetProperty("entries").GetInt64());
    }

    [Fact]
    public async Task Should_find_a_cached_balance_off_by_one_and_exit_2()
    {
        await ExecuteAsync(
            """
            SET ledger.repair_balances = on;
            UPDATE accounts SET balance = balance + 1, total_credited = total_credited + 1 WHERE code = 'user:bob:wallet';
            """
        );

        var (code, output, _) = await RunAsync("audit");
        var (userCode, _, _) = await RunAsync("audit", "--user", "alice");

        Assert.Equal(ExitCodes.Discrepancies, code);
        Assert.Contains(
            "DISCREPANCY [cached_balances] account user:bob:wallet: cached balance 31 but postings sum to 30",
            output,
            StringComparison.Ordinal
        );
        Assert.Contains("run repair", output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, userCode);
    }

    [Fact]
    public async Task Should_find_an_unbalanced_entry_written_with_the_triggers_disabled()
    {
        await ExecuteAsync(
            """
            ALTER TABLE postings DISABLE TRIGGER trg_postings_apply;
            INSERT INTO journal_entries (idempotency_key, entry_type, description, payload_hash, occurred_at) VALUES ('forged', 'earned',
                'forged', 'h', now());
            INSERT INTO postings (journal_entry_id, account_id, amount, recorded_at)
            SELECT currval('journal_entries_id_seq'), id, 7, now() FROM accounts WHERE
                code = 'user:bob:wallet';
            ALTER TABLE postings ENABLE TRIGGER trg_postings_apply;
            """
        );

        var (code, output, _) = await RunAsync("audit", "--json");

        Assert.Equal(ExitCodes.Discrepancies, code);
        var checks = JsonDocument
            .Parse(output)
            .RootElement.GetProperty("findings")
            .EnumerateArray()
            .Select(f => f.GetProperty("check").GetString() + " " + f.GetProperty("subject").GetString())
            .ToList();
        Assert.Contains("entries_balance entry forged", checks);
        Assert.Contains("cached_balances account user:bob:wallet", checks);
    }

    [Fact]
    public async Task Should_find_an_active_hold_past_its_expiry_and_count_holds_in_the_summary()
    {
        await PlaceHoldAsync("redemption:expired", "alice", 10, "now() - interval '1 hour'");
        await PlaceHoldAsync("redemption:current", "bob", 5, "now() + interval '1 hour'");

        var (code, output, _) = await RunAsync("audit");
        var (jsonCode, json, _) = await RunAsync("audit", "--json");
        var (bobCode, _, _) = await RunAsync("audit", "--user", "bob");

        Assert.Equal(ExitCodes.Discrepancies, code);
        Assert.Contains(
            "DISCREPANCY [expired_holds] hold redemption:expired: active hold of 10 on user:alice:wallet expired at",
            output,
            StringComparison.Ordinal
        );
        Assert.Contains("is the processor running? its redemption sweeper voids expired holds", output, StringComparison.Ordinal);
        Assert.Contains("holds: 2 active, 15 points held; redemptions: 0 open saga(s)", output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Discrepancies, jsonCode);
        var report = JsonDocument.Parse(json).RootElement;
        var finding = Assert.Single(report.GetProperty("findings").EnumerateArray());
        Assert.Equal("expired_holds", finding.GetProperty("check").GetString());
        Assert.Equal(2, report.GetProperty("activeHolds").GetInt64());
        Assert.Equal(15, report.GetProperty("heldPoints").GetInt64());
        Assert.Equal(ExitCodes.Ok, bobCode);
    }

    [Fact]
    public async Task Should_find_held_points_that_differ_from_active_holds()
    {
        await PlaceHoldAsync("redemption:big", "bob", 20, "now() + interval '1 hour'");
        await ExecuteAsync(
            """
            SET ledger.repair_balances = on;
            UPDATE accounts SET held = held + 4 WHERE code = 'user:bob:wallet';
            """
        );

        var (code, output, _) = await RunAsync("audit");
        var (aliceCode, _, _) = await RunAsync("audit", "--user", "alice");

        Assert.Equal(ExitCodes.Discrepancies, code);
        Assert.Contains(
            "DISCREPANCY [held_equals_holds] account user:bob:wallet: held 24 but its active holds sum to 20",
            output,
            StringComparison.Ordinal
        );
        Assert.Contains("run repair to rebuild held points", output, StringComparison.Ordinal);
        Assert.DoesNotContain("available_not_negative", output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, aliceCode);
    }

    [Fact]
    public async Task Should_find_a_stuck_saga_and_a_completed_one_the_ledger_does_not_show()
    {
        await ExecuteAsync(
            """
            INSERT INTO redemption_sagas (correlation_id, current_state, version, user_id, reward_id, points, validity_days, requested_at,
                request_hash, deadline_at, stock_reserved, outcome)
            VALUES ('00000000-0000-0000-0000-000000000001', 'Holding', 1, 'alice', 'mug', 50, 30, now() - interval '1 hour', 'h1', now() -
                interval '20 minutes', false, NULL),
                   ('00000000-0000-0000-0000-000000000002', 'Fulfilling', 1, 'alice', 'mug', 50, 30, now(), 'h2', now() + interval
                       '5 minutes', false, NULL),
                   ('00000000-0000-0000-0000-000000000003', 'Final', 3, 'bob', 'mug', 20, 30, now() - interval '1 hour', 'h3', now() -
                       interval '50 minutes', false, 'completed');
            """
        );

        var (code, output, _) = await RunAsync("audit");

        Assert.Equal(ExitCodes.Discrepancies, code);
        Assert.Contains(
            "DISCREPANCY [stuck_redemptions] redemption 00000000-0000-0000-0000-000000000001: saga in state Holding has no outcome",
            output,
            StringComparison.Ordinal
        );
        Assert.Contains("dlq list", output, StringComparison.Ordinal);
        Assert.Contains("ledger-redemptions", output, StringComparison.Ordinal);
        Assert.DoesNotContain("00000000-0000-0000-0000-000000000002", output, StringComparison.Ordinal);
        Assert.Contains(
            "DISCREPANCY [completed_redemptions] redemption 00000000-0000-0000-0000-000000000003: saga "
                + "completed but has no redemptions row and has no captured hold",
            output,
            StringComparison.Ordinal
        );
        Assert.Contains("redemptions: 2 open saga(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_rebuild_held_points_from_active_holds_in_a_repair()
    {
        await PlaceHoldAsync("redemption:kept", "bob", 10, "now() + interval '1 hour'");
        await ExecuteAsync(
            """
            SET ledger.repair_balances = on;
            UPDATE accounts SET held = held + 5 WHERE code = 'user:bob:wallet';
            """
        );

        var (dryCode, dryOutput, _) = await RunAsync("repair");
        var (applyCode, applyOutput, _) = await RunAsync("repair", "--apply", "--operator", "test-operator", "--json");
        var (auditCode, _, _) = await RunAsync("audit");

        Assert.Equal(ExitCodes.Ok, dryCode);
        Assert.Contains("user:bob:wallet: held 15 -> 10 (from active holds)", dryOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("cached", dryOutput, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, applyCode);
        var applied = JsonDocument.Parse(applyOutput).RootElement;
        Assert.Empty(applied.GetProperty("corrections").EnumerateArray());
        Assert.Equal(15, applied.GetProperty("heldCorrections")[0].GetProperty("cachedHeld").GetInt64());
        Assert.Equal(ExitCodes.Ok, auditCode);
        Assert.Equal(10, await new LedgerProbe(servers.DataSource).ScalarAsync("SELECT held FROM accounts WHERE code = 'user:bob:wallet'"));
        Assert.Equal(
            1,
            await new LedgerProbe(servers.DataSource).ScalarAsync(
                "SELECT count(*) FROM operator_actions WHERE action = 'repair' AND parameters::text LIKE "
                    + "'%heldCorrections%user:bob:wallet%'"
            )
        );
    }

    [Fact]
    public async Task Should_show_but_not_write_a_repair_unless_applied_and_then_log_it()
    {
        await ExecuteAsync(
            """
            SET ledger.repair_balances = on;
            UPDATE accounts SET balance = balance + 1, total_credited = total_credited + 1 WHERE code = 'user:bob:wallet';
            """
        );

        var (dryCode, dryOutput, _) = await RunAsync("repair");
        var stillBroken = (await RunAsync("audit")).Code;
        var (applyCode, applyOutput, _) = await RunAsync("repair", "--apply", "--operator", "test-operator", "--json");
        var (auditCode, _, _) = await RunAsync("audit");

        Assert.Equal(ExitCodes.Ok, dryCode);
        Assert.Contains("user:bob:wallet: cached 31 -> 30", dryOutput, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Discrepancies, stillBroken);
        Assert.Equal(ExitCodes.Ok, applyCode);
        Assert.Equal(
            "user:bob:wallet",
            JsonDocument.Parse(applyOutput).RootElement.GetProperty("corrections")[0].GetProperty("account").GetString()
        );
        Assert.Equal(ExitCodes.Ok, auditCode);
        Assert.Equal(30, await new LedgerProbe(servers.DataSource).BalanceAsync("bob"));
        Assert.Equal(
            1,
            await new LedgerProbe(servers.DataSource).ScalarAsync(
                "SELECT count(*) FROM operator_actions WHERE action = 'repair' AND operator = "
                    + "'test-operator' AND parameters::text LIKE '%user:bob:wallet%'"
            )
        );
    }

    [Fact]
    public async Task Should_refuse_to_reset_in_production()
    {
        var (code, _, error) = await WithEnvironmentAsync("Production", () => RunAsync("reset", "--yes"));

        Assert.Equal(ExitCodes.Refused, code);
        Assert.Contains("environment is 'Production'", error, StringComparison.Ordinal);
        Assert.Equal(3, await new LedgerProbe(servers.DataSource).EntriesAsync());
    }

    [Fact]
    public async Task Should_reset_a_test_ledger_only_when_confirmed_and_log_it()
    {
        var (unconfirmed, _, error) = await WithEnvironmentAsync("Test", () => RunAsync("reset"));
        var countBefore = await new LedgerProbe(servers.DataSource).EntriesAsync();
        var (confirmed, _, _) = await WithEnvironmentAsync("Test", () => RunAsync("reset", "--yes"));

        Assert.Equal(ExitCodes.Refused, unconfirmed);
        Assert.Contains("--yes", error, StringComparison.Ordinal);
        Assert.Equal(3, countBefore);
        Assert.Equal(ExitCodes.Ok, confirmed);
        Assert.Equal(0, await new LedgerProbe(servers.DataSource).EntriesAsync());
        Assert.Equal(
            1,
            await new LedgerProbe(servers.DataSource).ScalarAsync("SELECT count(*) FROM operator_actions WHERE action = 'reset'")
        );
    }

    private static async Task<T> WithEnvironmentAsync<T>(string environment, Func<Task<T>> action)
    {
        var previous = Environment.GetEnvironmentVariable("LEDGER_ENVIRONMENT");
        Environment.SetEnvironmentVariable("LEDGER_ENVIRONMENT", environment);
        try
        {
            return await action();
        }
        finally
        {
            Environment.SetEnvironmentVariable("LEDGER_ENVIRONMENT", previous);
        }
    }

    [Fact]
    public async Task Should_explain_how_to_fix_it_and_exit_3_when_the_database_is_unreachable()
    {
        var (code, _, error) = await RunAsync("audit", "--connection", "Host=127.0.0.1;Port=1;Database=x;Username=x;Password=x;Timeout=2");

        Assert.Equal(ExitCodes.Unreachable, code);
        Assert.Contains("eng/servers.sh up", error, StringComparison.Ordinal);
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        // As the operator's own login, as operators run the tool; reset, the one command for the schema's owner, says so itself.
        var withConnection = args.Contains("--connection")
            ? args
            : [.. args, "--connection", args[0] == "reset" ? servers.ConnectionString : servers.OperatorConnectionString];
        var code = await AdminApp.RunAsync(withConnection, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private Task PlaceHoldAsync(string key, string user, long amount, string expiresAt) =>
        ExecuteAsync(
            $"""
            INSERT INTO ledger_holds (hold_key, account_id, amount, status, expires_at)
            SELECT '{key}', id, {amount}, 'active', {expiresAt} FROM accounts WHERE code = 'user:{user}:wallet';
            """
        );

    private async Task ExecuteAsync(string sql)
    {
        await using var command = servers.DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
