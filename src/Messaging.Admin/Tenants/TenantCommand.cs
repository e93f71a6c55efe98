using System.CommandLine;

namespace Messaging.Admin.Tenants;

internal static class TenantCommand
{
    public static Command Create(AdminContext context)
    {
        var command = new Command(
            "tenant",
            "Register a tenant, change one (name, time zone, monthly giving allowance), or show one's pool and its latest movements."
        );
        command.Subcommands.Add(TenantSaveCommand.Create(context, adding: true));
        command.Subcommands.Add(TenantSaveCommand.Create(context, adding: false));
        command.Subcommands.Add(TenantShowCommand.Create(context));
        return command;
    }

    public static string AllowanceText(long? allowance) =>
        allowance is { } points ? $"{points} points per giver per month" : "no giving allowance";
}
