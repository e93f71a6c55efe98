using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Messaging.Operations.Hosting;

// The development password every login has in this repository's samples (appsettings.json, docker-compose.yml's fallbacks, the test
// containers): anyone who has read the README knows it. A process in the Production environment refuses to start while any of its
// logins still uses it; eng/servers.sh and eng/compose.sh make random ones.
public static class DefaultPasswords
{
    public const string Documented = "ledger";

    /// <summary>The settings (connection strings and <paramref name="passwordKeys"/>) whose password is the documented default.</summary>
    public static IReadOnlyList<string> UsedBy(
        IConfiguration configuration,
        IEnumerable<string> connectionStrings,
        IEnumerable<string> passwordKeys
    )
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var found = new List<string>();
        foreach (var name in connectionStrings)
        {
            if (configuration.GetConnectionString(name) is { Length: > 0 } connection && PasswordOf(connection) == Documented)
            {
                found.Add($"ConnectionStrings:{name}");
            }
        }

        found.AddRange(passwordKeys.Where(key => configuration[key] == Documented));
        return found;
    }

    public static string Refusal(IReadOnlyList<string> settings) =>
        $"Refusing to start in the Production environment: {string.Join(", ", settings)} still "
        + $"use(s) the documented development password '{Documented}', "
        + "which anyone who read the README knows. Give each login its own password (`bash "
        + "eng/servers.sh up` and `bash eng/compose.sh up` make random ones "
        + "on first setup), or set DOTNET_ENVIRONMENT=Development on a machine of your own.";

    private static string? PasswordOf(string connectionString)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString).Password;
        }
        catch (ArgumentException)
        {
            // Malformed: not a default password; opening the connection refuses it with Npgsql's own reason.
            return null;
        }
    }
}
