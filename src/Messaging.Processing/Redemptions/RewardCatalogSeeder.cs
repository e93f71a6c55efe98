using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Messaging.Processing.Redemptions;

/// <summary>
/// Adds the configured rewards (<c>Redemptions:Catalog</c>) that the catalog does not have yet, before the
/// bus starts. Existing rewards are left alone: once seeded, the database (and the CLI) own the catalog.
/// </summary>
internal sealed class RewardCatalogSeeder(NpgsqlDataSource dataSource, IOptions<RedemptionOptions> options) : IHostedService
{
    private const string SeedSql = """
        INSERT INTO rewards (id, name, cost, active, stock, validity_days, fulfilment_kind)
        SELECT * FROM unnest(@ids, @names, @costs, @actives, @stocks, @validity, @kinds)
        ON CONFLICT (id) DO NOTHING
        """;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var catalog = options.Value.Catalog;
        if (catalog.Count == 0)
        {
            return;
        }

        await using var command = dataSource.CreateCommand(SeedSql);
        command.Parameters.Add(new NpgsqlParameter<string[]>("ids", catalog.Select(r => r.Id).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("names", catalog.Select(r => r.Name).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<long[]>("costs", catalog.Select(r => r.Cost).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<bool[]>("actives", catalog.Select(r => r.Active).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<int?[]>("stocks", catalog.Select(r => r.Stock).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<int[]>("validity", catalog.Select(r => r.ValidityDays).ToArray()));
        command.Parameters.Add(new NpgsqlParameter<string[]>("kinds", catalog.Select(r => r.FulfilmentKind).ToArray()));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
