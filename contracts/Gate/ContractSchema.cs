using System.Text.Json.Nodes;
using Json.Schema;

namespace Messaging.Contracts.Gate;

/// <param name="Contract">The C# record the message becomes.</param>
/// <param name="File">The schema's path in the repository, for reasons a producer can follow.</param>
/// <param name="Schema">The compiled schema.</param>
/// <param name="Document">The schema as written, to quote a broken rule's limits.</param>
public sealed record ContractSchema(Type Contract, string File, JsonSchema Schema, JsonNode Document)
{
    private readonly Dictionary<string, string> _fields = (Document["properties"] as JsonObject ?? []).ToDictionary(
        p => p.Key,
        p => p.Key,
        StringComparer.OrdinalIgnoreCase
    );

    /// <summary>The schema's own spelling of a field name, whatever its case; null for a name the schema does not know.</summary>
    public string? FieldNamed(string name) => _fields.GetValueOrDefault(name);
}
