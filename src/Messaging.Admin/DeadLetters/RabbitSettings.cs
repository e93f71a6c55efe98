using System.CommandLine;

namespace Messaging.Admin.DeadLetters;

/// <summary>Where the broker is: the --rabbit-* options, else the processor's validated RabbitMq settings (appsettings.json, RabbitMq__* variables).</summary>
internal sealed record RabbitSettings(string Host, int AmqpPort, int ManagementPort, string VirtualHost, string User, string Password)
{
    public static RabbitSettings From(AdminContext context, ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rabbit = context.Settings.RabbitMq;
        return new(
            result.GetValue(context.RabbitHostOption) ?? rabbit.Host,
            result.GetValue(context.RabbitPortOption) ?? rabbit.Port,
            result.GetValue(context.RabbitManagementPortOption) ?? rabbit.ManagementPort,
            result.GetValue(context.RabbitVirtualHostOption) ?? rabbit.VirtualHost,
            result.GetValue(context.RabbitUserOption) ?? rabbit.Username,
            result.GetValue(context.RabbitPasswordOption) ?? rabbit.Password);
    }
}
