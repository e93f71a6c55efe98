using System.Text.Json.Nodes;
using Json.Schema;
using Messaging.Contracts.Earning;

namespace Messaging.Contracts.Gate;

/// <summary>
/// The published JSON Schemas of <c>contracts/schemas/</c>, one per contract: the files producers read, embedded in
/// Messaging.Contracts at build time and loaded here. A contract's schema file is named after its exchange
/// (<c>order-completed</c> → <c>order-completed.v1.json</c>), so the one name says where to publish and what to send.
/// </summary>
public sealed class ContractSchemas
{
    private const string ResourcePrefix = "schemas/";
    private const string Version = ".v1.json";

    private static readonly Lazy<ContractSchemas> Loaded = new(Load);

    private readonly Dictionary<Type, ContractSchema> _byContract;

    private ContractSchemas(Dictionary<Type, ContractSchema> byContract) => _byContract = byContract;

    /// <summary>
    /// Loaded once per process: JsonSchema.Net registers each schema under its <c>$id</c> and refuses a second,
    /// different schema with the same id.
    /// </summary>
    public static ContractSchemas Published => Loaded.Value;

    /// <summary>Every contract's schema.</summary>
    public IReadOnlyCollection<ContractSchema> All => _byContract.Values;

    /// <summary>The schema of a contract.</summary>
    /// <exception cref="InvalidOperationException">The contract has no published schema.</exception>
    public ContractSchema For(Type contract) =>
        _byContract.TryGetValue(contract, out var schema)
            ? schema
            : throw new InvalidOperationException(
                $"{contract.Name} has no published schema: add contracts/schemas/{ContractExchanges.ExchangeFor(contract)}{Version}."
            );

    private static ContractSchemas Load()
    {
        var assembly = typeof(OrderCompleted).Assembly;
        var files = assembly
            .GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(Version, StringComparison.Ordinal))
            .ToDictionary(n => n[ResourcePrefix.Length..^Version.Length], StringComparer.Ordinal);

        var missing = ContractExchanges
            .Contracts.Where(c => !files.ContainsKey(ContractExchanges.ExchangeFor(c)))
            .Select(c => c.Name)
            .ToList();
        var strays = files.Keys.Where(name => ContractExchanges.TypeOfExchange(name) is null).ToList();
        if (missing.Count > 0 || strays.Count > 0)
        {
            throw new InvalidOperationException(
                "contracts/schemas does not match the contracts: no schema for "
                    + $"[{string.Join(", ", missing)}], no contract for [{string.Join(", ", strays)}]."
            );
        }

        var registry = new SchemaRegistry();
        var byContract = new Dictionary<Type, ContractSchema>();
        foreach (var (exchange, resource) in files)
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            var text = reader.ReadToEnd();
            var contract = ContractExchanges.TypeOfExchange(exchange)!;
            var schema = JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = registry });
            byContract[contract] = new ContractSchema(contract, $"contracts/schemas/{exchange}{Version}", schema, JsonNode.Parse(text)!);
        }

        return new ContractSchemas(byContract);
    }
}
