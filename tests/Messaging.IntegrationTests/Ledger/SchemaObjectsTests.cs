using Messaging.Ledger.Persistence.Schema;

namespace Messaging.IntegrationTests.Ledger;

/// <summary>
/// Functions, triggers and views are applied after the migrations when their file changed or the object is missing,
/// and only then.
/// </summary>
[Collection(ProcessingCollection.Name)]
public sealed class SchemaObjectsTests(ServersFixture servers)
{
    [Fact]
    public async Task Should_apply_nothing_when_no_file_changed_since_the_last_migration()
    {
        var applied = await SchemaObjects.ApplyAsync(servers.DataSource, CancellationToken.None);

        Assert.Empty(applied);
    }

    [Fact]
    public async Task Should_apply_only_that_object_when_its_file_differs_from_what_was_applied()
    {
        // As if user_points.sql had been edited since: the recorded hash no longer matches the file's.
        await ExecuteAsync($"UPDATE {SchemaObjects.VersionsTable} SET sha256 = repeat('0', 64) WHERE name = 'user_points'");

        var applied = await SchemaObjects.ApplyAsync(servers.DataSource, CancellationToken.None);

        Assert.Equal(["user_points"], applied);
        Assert.Empty(await SchemaObjects.ApplyAsync(servers.DataSource, CancellationToken.None));
    }

    [Fact]
    public async Task Should_recreate_a_trigger_when_it_was_dropped_by_hand()
    {
        await ExecuteAsync("DROP TRIGGER trg_postings_immutable ON postings");

        var applied = await SchemaObjects.ApplyAsync(servers.DataSource, CancellationToken.None);

        Assert.Equal(["trg_postings_immutable"], applied);
        await using var check = servers.DataSource.CreateCommand("SELECT count(*) FROM pg_trigger WHERE tgname = 'trg_postings_immutable'");
        Assert.Equal(1L, await check.ExecuteScalarAsync());
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = servers.DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
