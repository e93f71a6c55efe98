using System.Text.Json;

namespace Messaging.Contracts.Gate;

/// <summary>How the processor reads a contract's JSON into its record.</summary>
public static class ContractJson
{
    /// <summary>
    /// The reader settings of MassTransit's System.Text.Json serializer, which reads every message the processor consumes:
    /// camelCase, case-insensitive names, trailing commas and comments allowed, decimals as numbers or strings. The
    /// processor's tests read the same bodies with both, so a body the gate passes is one the consumer can read.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            AllowTrailingCommas = true,
            PropertyNameCaseInsensitive = true,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            ReadCommentHandling = JsonCommentHandling.Skip,
        };
        options.Converters.Add(new DecimalNumberOrStringConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
