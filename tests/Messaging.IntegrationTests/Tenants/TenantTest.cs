namespace Messaging.IntegrationTests.Tenants;

/// <summary>
/// Base of the tenant tests: after every one, whatever it did, the audit is clean and conservation holds (every point
/// issued is in a pool, a wallet or spent; givers' usage equals their recognitions; no pool below zero).
/// </summary>
public abstract class TenantTest(ServersFixture servers) : ProcessorTest(servers)
{
    public override async Task DisposeAsync()
    {
        await Ledger.AssertAuditCleanAndConservedAsync();
        await base.DisposeAsync();
    }
}
