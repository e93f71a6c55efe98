using System.Text.Json;
using Messaging.Admin;
using Messaging.Ledger.Writing;

namespace Messaging.IntegrationTests.Chain;

/// <summary>
/// The journal's hash chain against a real ledger: every writer's entries are linked at commit, and what an attacker holding the schema
/// owner's login does behind the triggers' back (a posting altered, an entry removed or slipped in, the tail cut off) is named by
/// <c>audit --chain</c>, run as the operator.
/// </summary>
[Collection(ProcessWideCollection.Name)]
public sealed class JournalChainTests(ServersFixture servers) : IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await servers.ResetAsync();
        await WriteAsync(Entries.Earn("c-1", "alice", 120), Entries.Earn("c-2", "bob", 30));
        await WriteAsync(Entries.Earn("c-3", "alice", 5));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Should_link_every_entry_once_in_commit_order_and_verify_intact()
    {
        var (code, output, error) = await RunAsync("audit", "--chain", "--json");
        var (textCode, text, _) = await RunAsync("audit", "--chain");

        Assert.True(code == ExitCodes.Ok, error + output);
        var chain = JsonDocument.Parse(output).RootElement.GetProperty("chain");
        Assert.Equal(3, chain.GetProperty("links").GetInt64());
        Assert.True(chain.GetProperty("intact").GetBoolean());
        Assert.Equal(3, chain.GetProperty("head").GetProperty("sequence").GetInt64());
        Assert.Equal(
            ["order:c-1", "order:c-2", "order:c-3"],
            await QueryListAsync(
                "SELECT e.idempotency_key FROM journal_chain c JOIN journal_entries e ON e.id = c.journal_entry_id ORDER BY c.sequence"
            )
        );
        Assert.Equal(ExitCodes.Ok, textCode);
        Assert.Matches(@"chain: 3 links, head 3:[0-9a-f]{64} \(entry id \d+\), intact", text);
    }

    [Fact]
    public async Task Should_link_concurrent_writers_into_one_unbroken_chain()
    {
        await Task.WhenAll(
            Enumerable
                .Range(0, 6)
                .Select(writer =>
                    Task.Run(async () =>
                    {
                        for (var batch = 0; batch < 10; batch++)
                        {
                            await WriteAsync([
                                .. Enumerable.Range(0, 5).Select(n => Entries.Earn($"w{writer}-{batch}-{n}", $"user-{n}", 1 + n)),
                            ]);
                        }
                    })
                )
        );

        var (code, output, error) = await RunAsync("audit", "--chain", "--json");

        Assert.True(code == ExitCodes.Ok, error + output);
        var chain = JsonDocument.Parse(output).RootElement.GetProperty("chain");
        Assert.Equal(3 + (6 * 10 * 5), chain.GetProperty("links").GetInt64());
        Assert.True(chain.GetProperty("intact").GetBoolean());
        Assert.Equal(
            ["0"],
            await QueryListAsync(
                "SELECT count(*)::text FROM journal_entries e "
                    + "WHERE NOT EXISTS (SELECT 1 FROM journal_chain c WHERE c.journal_entry_id = e.id)"
            )
        );
    }

    [Fact]
    public async Task Should_link_every_statement_of_a_transaction_whatever_the_session_prints_bytea_as()
    {
        // The escape form of a digest may hold a comma, the separator of the notes kept until commit.
        await using (var connection = await servers.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using (var escape = new Npgsql.NpgsqlCommand("SET LOCAL bytea_output = 'escape'", connection, transaction))
            {
                await escape.ExecuteNonQueryAsync();
            }

            var writer = new LedgerBatchWriter();
            for (var statement = 0; statement < 20; statement++)
            {
                await writer.ApplyAsync(connection, [Entries.Earn($"s-{statement}", $"user-{statement % 3}", 1 + statement)], default);
            }

            await transaction.CommitAsync();
        }

        var (code, output, error) = await RunAsync("audit", "--chain", "--json");

        Assert.True(code == ExitCodes.Ok, error + output);
        var chain = JsonDocument.Parse(output).RootElement.GetProperty("chain");
        Assert.Equal(3 + 20, chain.GetProperty("links").GetInt64());
        Assert.True(chain.GetProperty("intact").GetBoolean());
    }

    [Fact]
    public async Task Should_refuse_to_commit_an_entry_whose_postings_came_in_two_statements()
    {
        // Each statement balances, so only the chain can tell: its link would hash the first statement's postings alone.
        var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() =>
            ExecuteOwnerAsync(
                """
                BEGIN;
                INSERT INTO journal_entries (idempotency_key, entry_type, description, payload_hash, occurred_at)
                    VALUES ('split', 'earned', 'split', 'h', now());
                INSERT INTO postings (journal_entry_id, account_id, amount, recorded_at)
                SELECT currval('journal_entries_id_seq'), id, CASE WHEN code = 'user:bob:wallet' THEN 4 ELSE -4 END, now() FROM accounts
                    WHERE code IN ('user:bob:wallet', 'platform:issuance:orders');
                INSERT INTO postings (journal_entry_id, account_id, amount, recorded_at)
                SELECT currval('journal_entries_id_seq'), id, CASE WHEN code = 'user:alice:wallet' THEN 3 ELSE -3 END, now() FROM accounts
                    WHERE code IN ('user:alice:wallet', 'platform:issuance:orders');
                COMMIT;
                """
            )
        );

        Assert.Equal(Npgsql.PostgresErrorCodes.CheckViolation, error.SqlState);
        Assert.Contains("postings were inserted by more than one statement", error.MessageText, StringComparison.Ordinal);
        Assert.Equal(["0"], await QueryListAsync("SELECT count(*)::text FROM journal_entries WHERE idempotency_key = 'split'"));
    }

    [Fact]
    public async Task Should_name_the_entry_whose_postings_were_altered_behind_the_triggers()
    {
        // Balanced, so no other check need notice: two points moved from the issuer's side to bob's wallet.
        await ExecuteOwnerAsync(
            """
            ALTER TABLE postings DISABLE TRIGGER USER;
            UPDATE postings SET amount = amount + 2
            WHERE journal_entry_id = (SELECT id FROM journal_entries WHERE idempotency_key = 'order:c-2') AND amount > 0;
            UPDATE postings SET amount = amount - 2
            WHERE journal_entry_id = (SELECT id FROM journal_entries WHERE idempotency_key = 'order:c-2') AND amount < 0;
            ALTER TABLE postings ENABLE TRIGGER USER;
            """
        );

        var (code, output, _) = await RunAsync("audit", "--chain", "--json");
        var (textCode, text, _) = await RunAsync("audit", "--chain");

        Assert.Equal(ExitCodes.Discrepancies, code);
        var report = JsonDocument.Parse(output).RootElement;
        var broken = Assert.Single(report.GetProperty("chain").GetProperty("findings").EnumerateArray());
        Assert.Equal("chain_link", broken.GetProperty("check").GetString());
        Assert.Equal("entry order:c-2", broken.GetProperty("subject").GetString());
        Assert.StartsWith("link 2 ", broken.GetProperty("problem").GetString(), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Discrepancies, textCode);
        Assert.Contains("DISCREPANCY [chain_link] entry order:c-2: link 2 (entry id", text, StringComparison.Ordinal);
        Assert.Contains("chain: 3 links", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_name_an_entry_removed_and_one_slipped_in_with_the_triggers_disabled()
    {
        await ExecuteOwnerAsync(
            """
            ALTER TABLE journal_entries DISABLE TRIGGER USER;
            ALTER TABLE postings DISABLE TRIGGER USER;
            DELETE FROM postings WHERE journal_entry_id = (SELECT id FROM journal_entries WHERE idempotency_key = 'order:c-1');
            DELETE FROM journal_entries WHERE idempotency_key = 'order:c-1';
            INSERT INTO journal_entries (idempotency_key, entry_type, description, payload_hash, occurred_at)
                VALUES ('forged', 'earned', 'forged', 'h', now());
            INSERT INTO postings (journal_entry_id, account_id, amount, recorded_at)
            SELECT currval('journal_entries_id_seq'), id, CASE WHEN code = 'user:bob:wallet' THEN 7 ELSE -7 END, now() FROM accounts
                WHERE code IN ('user:bob:wallet', 'platform:issuance:orders');
            ALTER TABLE postings ENABLE TRIGGER USER;
            ALTER TABLE journal_entries ENABLE TRIGGER USER;
            """
        );

        var (code, output, _) = await RunAsync("audit", "--chain", "--json");

        Assert.Equal(ExitCodes.Discrepancies, code);
        var findings = JsonDocument
            .Parse(output)
            .RootElement.GetProperty("chain")
            .GetProperty("findings")
            .EnumerateArray()
            .Select(f => f.GetProperty("check").GetString() + " " + f.GetProperty("subject").GetString())
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(["chain_entry_missing link 1", "chain_unlinked entry forged"], findings);
    }

    [Fact]
    public async Task Should_notice_a_tail_cut_off_only_through_a_checkpoint_kept_elsewhere()
    {
        var (_, before, _) = await RunAsync("audit", "--chain", "--json");
        var head = JsonDocument.Parse(before).RootElement.GetProperty("chain").GetProperty("head");
        var checkpoint = $"{head.GetProperty("sequence").GetInt64()}:{head.GetProperty("hash").GetString()}";
        await ChainTampering.CutOffNewestAsync(servers.DataSource, "order:c-3");

        var (_, withoutCheckpoint, _) = await RunAsync("audit", "--chain", "--json");
        var (code, output, _) = await RunAsync("audit", "--checkpoint", checkpoint);

        Assert.True(JsonDocument.Parse(withoutCheckpoint).RootElement.GetProperty("chain").GetProperty("intact").GetBoolean());
        Assert.Equal(ExitCodes.Discrepancies, code);
        Assert.Contains(
            $"DISCREPANCY [chain_checkpoint] checkpoint 3:{checkpoint[2..14]}…: the chain ends at link 2, before the checkpoint's link 3",
            output,
            StringComparison.Ordinal
        );
    }

    [Fact]
    public async Task Should_refuse_a_checkpoint_that_is_not_a_link_and_say_how_to_write_one()
    {
        var (code, _, error) = await RunAsync("audit", "--checkpoint", "3-abc");

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--checkpoint '3-abc' is not a link: write it as SEQUENCE:HASH", error, StringComparison.Ordinal);
    }

    private async Task WriteAsync(params LedgerWrite[] writes)
    {
        await using var connection = await servers.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await new LedgerBatchWriter().ApplyAsync(connection, writes, CancellationToken.None);
        await transaction.CommitAsync();
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await AdminApp.RunAsync([.. args, "--connection", servers.OperatorConnectionString], output, error);
        return (code, output.ToString(), error.ToString());
    }

    private async Task ExecuteOwnerAsync(string sql)
    {
        await using var command = servers.DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<List<string>> QueryListAsync(string sql)
    {
        await using var command = servers.DataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
