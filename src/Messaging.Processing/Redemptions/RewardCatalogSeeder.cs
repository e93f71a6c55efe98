using Messaging.Ledger.Redemptions;
using Messaging.Ledger.Rewards;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Messaging.Processing.Redemptions;

// Adds the configured rewards (Redemptions:Catalog) the catalog does not have yet, before the bus starts. Existing rewards are left
// alone: once seeded, the database (and the CLI) own the catalog.
internal sealed class RewardCatalogSeeder(NpgsqlDataSource dataSource, IOptions<RedemptionOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        RewardCatalog.SeedAsync(dataSource, options.Value.Catalog, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
