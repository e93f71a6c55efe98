using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Messaging.Contracts.Gate;

/// <summary>
/// Reads a decimal written as a number or as a string, as MassTransit's reader does: it writes decimals as strings, so
/// the schemas allow an amount as either. Null and blank read as 0 there too (the schemas refuse them first).
/// </summary>
internal sealed class DecimalNumberOrStringConverter : JsonConverter<decimal>
{
    private const NumberStyles Styles =
        NumberStyles.AllowLeadingWhite
        | NumberStyles.AllowTrailingWhite
        | NumberStyles.AllowLeadingSign
        | NumberStyles.AllowTrailingSign
        | NumberStyles.AllowDecimalPoint
        | NumberStyles.AllowThousands
        | NumberStyles.AllowExponent;

    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Null => 0,
            JsonTokenType.Number when reader.TryGetDecimal(out var number) => number,
            JsonTokenType.String when reader.GetString() is var text && string.IsNullOrWhiteSpace(text) => 0,
            JsonTokenType.String when decimal.TryParse(reader.GetString(), Styles, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => throw new JsonException($"Expected a number or a string holding one, found {reader.TokenType}."),
        };

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(value);
    }
}
