using System.CommandLine;
using System.CommandLine.Parsing;
using Messaging.Ledger.Queries;

namespace Messaging.Admin;

// An option that takes an instant as people type it (Instant's rule, shared with the API), and says what it expected otherwise.
internal static class InstantOption
{
    public static Option<DateTimeOffset?> Create(string name, string description) =>
        new(name) { Description = description, CustomParser = result => Parse(result, name) };

    private static DateTimeOffset? Parse(ArgumentResult result, string name)
    {
        var value = result.Tokens[0].Value;
        if (Instant.TryParse(value, out var instant))
        {
            return instant;
        }

        result.AddError($"{name} must be {Instant.Expected} (got '{value}').");
        return null;
    }
}
