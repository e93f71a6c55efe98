using System.CommandLine;
using System.Globalization;

namespace Messaging.Admin.DeadLetters;

/// <summary>Where the broker is: the --rabbit-* options, else the processor's RabbitMq__* variables (and LEDGER_MQ_MGMT_PORT), else the local defaults.</summary>
internal sealed record RabbitSettings(string Host, int AmqpPort, int ManagementPort, string VirtualHost, string User, string Password)
{
    public static RabbitSettings From(AdminContext context, ParseResult result) => new(
        result.GetValue(context.RabbitHostOption) ?? Environment.GetEnvironmentVariable("RabbitMq__Host") ?? "127.0.0.1",
        result.GetValue(context.RabbitPortOption) ?? Port("RabbitMq__Port", 5672),
        result.GetValue(context.RabbitManagementPortOption) ?? Port("LEDGER_MQ_MGMT_PORT", 15672),
        result.GetValue(context.RabbitVirtualHostOption) ?? Environment.GetEnvironmentVariable("RabbitMq__VirtualHost") ?? "ledger",
        result.GetValue(context.RabbitUserOption) ?? Environment.GetEnvironmentVariable("RabbitMq__Username") ?? "ledger",
        result.GetValue(context.RabbitPasswordOption) ?? Environment.GetEnvironmentVariable("RabbitMq__Password") ?? "ledger");

    private static int Port(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : fallback;
}
