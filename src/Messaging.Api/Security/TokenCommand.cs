using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Messaging.Api.Security;

// For development and tests. Anyone holding the key can mint any role: in production, tokens come from the identity provider and the
// key stays with it.
public static class TokenCommand
{
    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? subject = null,
            role = null;
        var hours = 8.0;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--subject":
                    subject = value;
                    i++;
                    break;
                case "--role":
                    role = value;
                    i++;
                    break;
                case "--hours"
                    when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var h) && h > 0 && h <= 24 * 30:
                    hours = h;
                    i++;
                    break;
                default:
                    return Usage($"'{args[i]}' is not understood (a --hours must be more than 0 and at most 720).");
            }
        }

        if (string.IsNullOrWhiteSpace(subject) || role is null || !ApiRoles.All.Contains(role))
        {
            return Usage($"--subject NAME and --role {string.Join("|", ApiRoles.All)} are required.");
        }

        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(ApiApp.SettingsDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
        var options = configuration.GetSection(JwtOptions.Section).Get<JwtOptions>() ?? new JwtOptions();
        if (options.Validate(new ValidationContext(options)).FirstOrDefault() is { } problem)
        {
            Console.Error.WriteLine(problem.ErrorMessage);
            return 2;
        }

        Console.Out.WriteLine(ApiTokens.Mint(options, subject, role, TimeSpan.FromHours(hours), DateTimeOffset.UtcNow));
        return 0;
    }

    private static int Usage(string problem)
    {
        Console.Error.WriteLine($"token: {problem}\nusage: Messaging.Api token --subject NAME --role viewer|operator|admin [--hours H]");
        return 1;
    }
}
