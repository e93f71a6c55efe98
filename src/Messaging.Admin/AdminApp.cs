using System.CommandLine;
using Messaging.Admin.Auditing;
using Messaging.Admin.Backups;
using Messaging.Admin.Balances;
using Messaging.Admin.Entries;
using Messaging.Admin.Histories;
using Messaging.Admin.Redemptions;
using Messaging.Admin.Repairs;
using Messaging.Admin.Reports;
using Messaging.Admin.Resets;
using Messaging.Admin.Rewards;
using Messaging.Admin.Summaries;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Messaging.Admin;

// Each command is one file that adds itself here.
public static class AdminApp
{
    public static async Task<int> RunAsync(
        string[] args,
        TextWriter output,
        TextWriter error,
        CancellationToken cancellationToken = default
    )
    {
        var context = new AdminContext(output, error);
        var root = new RootCommand(
            "Operate the points ledger: read balances, summaries and redemptions, audit and repair the "
                + "ledger, manage the reward catalog and tenants, allocate to and claw back from tenants' "
                + "pools, reset a test ledger.\n"
                + "Exit codes: 0 ok, 1 wrong usage, 2 audit found discrepancies, 3 database unreachable, 4 "
                + "not found, 5 refused, 6 invalid backup."
        );
        root.Options.Add(context.JsonOption);
        root.Options.Add(context.ConnectionOption);
        root.Options.Add(context.OperatorOption);
        root.Subcommands.Add(BalanceCommand.Create(context));
        root.Subcommands.Add(SummaryCommand.Create(context));
        root.Subcommands.Add(AuditCommand.Create(context));
        root.Subcommands.Add(RepairCommand.Create(context));
        root.Subcommands.Add(ResetCommand.Create(context));
        root.Subcommands.Add(HistoryCommand.Create(context));
        root.Subcommands.Add(Expiry.ExpiringCommand.Create(context));
        root.Subcommands.Add(Expiry.ExplainCommand.Create(context));
        root.Subcommands.Add(Adjustments.AdjustCommand.Create(context));
        root.Subcommands.Add(BackupCommand.Create(context));
        root.Subcommands.Add(EntryCommand.Create(context));
        root.Subcommands.Add(EntriesCommand.Create(context));
        root.Subcommands.Add(Corrections.ReverseCommand.Create(context));
        root.Subcommands.Add(Incidents.PauseCommand.CreatePause(context));
        root.Subcommands.Add(Incidents.PauseCommand.CreateResume(context));
        root.Subcommands.Add(Incidents.PauseCommand.CreateList(context));
        root.Subcommands.Add(ReportCommand.Create(context));
        root.Subcommands.Add(DeadLetters.DeadLetterCommand.Create(context));
        root.Subcommands.Add(Queues.QueuesCommand.Create(context));
        root.Subcommands.Add(RewardCommand.Create(context));
        root.Subcommands.Add(RedemptionsCommand.Create(context));
        root.Subcommands.Add(Tenants.TenantsCommand.Create(context));
        root.Subcommands.Add(Tenants.TenantCommand.Create(context));
        root.Subcommands.Add(Tenants.AllocateCommand.Create(context));
        root.Subcommands.Add(Tenants.ClawbackCommand.Create(context));
        root.Subcommands.Add(Quotas.QuotaCommand.Create(context));
        root.Subcommands.Add(Attendance.LeaderboardCommand.Create(context));
        root.Subcommands.Add(Attendance.StreakCommand.Create(context));
        root.Subcommands.Add(Attendance.BadgesCommand.Create(context));

        try
        {
            return await root.Parse(args)
                .InvokeAsync(
                    new InvocationConfiguration
                    {
                        Output = output,
                        Error = error,
                        EnableDefaultExceptionHandler = false,
                    },
                    cancellationToken
                );
        }
        catch (OptionsValidationException ex)
        {
            await error.WriteLineAsync($"A setting is invalid: {string.Join(" ", ex.Failures)}");
            return ExitCodes.Usage;
        }
        catch (NpgsqlException ex) when (ex is not PostgresException)
        {
            await error.WriteLineAsync(
                $"Cannot reach the ledger database ({ex.Message}). Start it with `bash eng/servers.sh up`, "
                    + "or pass --connection / set ConnectionStrings__Ledger."
            );
            return ExitCodes.Unreachable;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            await error.WriteLineAsync(
                $"The ledger database refused this as the role the tool logged in as ({ex.MessageText}). "
                    + "Changes need a member of ledger_operator: "
                    + "set ConnectionStrings__LedgerOperator (`bash eng/servers.sh env` prints it) or pass --connection with that login."
            );
            return ExitCodes.Refused;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.RestrictViolation)
        {
            // The database's own guards (history is never edited, nor wiped outside a development or test database) say why.
            await error.WriteLineAsync($"The ledger database refused it: {ex.MessageText}.");
            return ExitCodes.Refused;
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.UndefinedColumn)
        {
            await error.WriteLineAsync(
                $"The ledger database is older than this tool ({ex.MessageText}). Apply the migrations "
                    + "first: `dotnet src/Messaging.Worker/bin/Release/net10.0/Messaging.Worker.dll migrate` (or "
                    + "`bash eng/run.sh`)."
            );
            return ExitCodes.Unreachable;
        }
    }
}
