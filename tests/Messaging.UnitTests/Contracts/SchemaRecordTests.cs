using System.Reflection;
using System.Text.Json;
using Messaging.Contracts.Earning;
using Messaging.Contracts.Gate;

namespace Messaging.UnitTests.Contracts;

/// <summary>
/// Each JSON Schema in contracts/schemas is the published twin of a C# record: same field names, same required
/// fields, same JSON types. Non-.NET producers read the schema, .NET ones the record; this keeps them from drifting.
/// </summary>
public sealed class SchemaRecordTests
{
    public static TheoryData<string> Schemas() => new(SchemaFiles());

    [Fact]
    public void Should_have_a_schema_for_every_contract_when_the_folder_is_read()
    {
        var published = SchemaFiles().Select(file => RecordOf(Load(file)).Name).ToHashSet(StringComparer.Ordinal);

        var unpublished = ContractTypes().Select(t => t.Name).Where(n => !published.Contains(n)).ToList();

        Assert.True(unpublished.Count == 0, $"contracts without a JSON Schema in contracts/schemas: {string.Join(", ", unpublished)}");
    }

    [Theory]
    [MemberData(nameof(Schemas))]
    public void Should_match_its_record_when_the_schema_is_compared_field_by_field(string file)
    {
        var schema = Load(file);
        var record = RecordOf(schema);
        var nullability = new NullabilityInfoContext();
        var properties = record
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.DeclaringType == record && p.Name != "EqualityContract")
            .ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name), StringComparer.Ordinal);
        var schemaProperties = schema
            .GetProperty("properties")
            .EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        var required = schema.TryGetProperty("required", out var list)
            ? list.EnumerateArray().Select(r => r.GetString()!).ToHashSet(StringComparer.Ordinal)
            : [];

        Assert.Equal(properties.Keys.Order(StringComparer.Ordinal), schemaProperties.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, property) in properties)
        {
            var nullable = nullability.Create(property).WriteState == NullabilityState.Nullable;
            Assert.True(
                required.Contains(name) == !nullable,
                $"{file}: '{name}' is {(nullable ? "nullable" : "not nullable")} in {record.Name} but "
                    + $"{(required.Contains(name) ? "required" : "optional")} in the schema"
            );

            var types = Types(schemaProperties[name]);
            Assert.True(
                types.Contains("null") == nullable,
                $"{file}: '{name}' allows null in one of schema and record only (schema types: {string.Join(", ", types)})"
            );
            var expected = JsonType(Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType);
            Assert.True(
                types.Contains(expected),
                $"{file}: '{name}' is {property.PropertyType.Name} ({expected}) in {record.Name} but "
                    + $"{string.Join(" or ", types)} in the schema"
            );
        }
    }

    [Theory]
    [MemberData(nameof(Schemas))]
    public void Should_bound_every_string_and_number_when_the_schema_is_read(string file)
    {
        // The processor enforces the schema: an unbounded field is a field whose too-long or too-large value reaches the ledger.
        var unbounded = Load(file)
            .GetProperty("properties")
            .EnumerateObject()
            .Where(p =>
                Types(p.Value).Contains("string")
                    ? !p.Value.TryGetProperty("maxLength", out _)
                        && !p.Value.TryGetProperty("format", out _)
                        && !p.Value.TryGetProperty("pattern", out _)
                    : (Types(p.Value).Contains("integer") || Types(p.Value).Contains("number"))
                        && !p.Value.TryGetProperty("maximum", out _)
                        && !p.Value.TryGetProperty("exclusiveMaximum", out _)
            )
            .Select(p => p.Name)
            .ToList();

        Assert.True(
            unbounded.Count == 0,
            $"{file}: no maxLength, format or pattern (strings) or maximum or exclusiveMaximum (numbers) on {string.Join(", ", unbounded)}"
        );
    }

    private static IEnumerable<string> SchemaFiles() =>
        Directory.EnumerateFiles(SchemaFolder(), "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    private static string JsonType(Type type) =>
        type == typeof(string) || type == typeof(Guid) || type == typeof(DateTimeOffset) || type == typeof(DateOnly) ? "string"
        : type == typeof(long) || type == typeof(int) ? "integer"
        : type == typeof(decimal) || type == typeof(double) ? "number"
        : type == typeof(bool) ? "boolean"
        : type.IsArray
        || (type.IsGenericType && type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)))
            ? "array"
        : "object";

    private static HashSet<string> Types(JsonElement property) =>
        !property.TryGetProperty("type", out var type) ? []
        : type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToHashSet(StringComparer.Ordinal)
        : [type.GetString()!];

    private static Type RecordOf(JsonElement schema)
    {
        var name = schema.GetProperty("title").GetString()!.Split(' ')[0];
        return ContractTypes().SingleOrDefault(t => t.Name == name)
            ?? throw new InvalidOperationException($"No contract record named {name} (from the schema's title).");
    }

    // The messages, one namespace per feature; the gate that checks them sits beside them, in Messaging.Contracts.Gate.
    private static IEnumerable<Type> ContractTypes() =>
        typeof(OrderCompleted)
            .Assembly.GetExportedTypes()
            .Where(t =>
                t.Namespace?.StartsWith("Messaging.Contracts.", StringComparison.Ordinal) == true
                && t.Namespace != typeof(ContractGate).Namespace
                && !t.IsAbstract
            );

    private static JsonElement Load(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(SchemaFolder(), file)));
        return doc.RootElement.Clone();
    }

    private static string SchemaFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Messaging.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(
            dir?.FullName ?? throw new InvalidOperationException("Messaging.sln not found above the test assembly."),
            "contracts",
            "schemas"
        );
    }
}
