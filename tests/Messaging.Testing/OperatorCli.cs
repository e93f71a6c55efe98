using Messaging.Admin;

namespace Messaging.Testing;

/// <summary>The admin tool run as an operator runs it: as the operator's login, named "tester" in the operator log.</summary>
public static class OperatorCli
{
    public static async Task<(int Code, string Output, string Error)> RunAsync(ServersFixture servers, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(servers);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await AdminApp.RunAsync(
            [.. args, "--connection", servers.OperatorConnectionString, "--operator", "tester"],
            output,
            error
        );
        return (code, output.ToString(), error.ToString());
    }
}
