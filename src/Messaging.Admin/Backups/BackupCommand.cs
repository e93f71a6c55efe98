using System.CommandLine;
using System.Text.Json;
using Messaging.Ledger.Backups;
using Messaging.Ledger.Operations;

namespace Messaging.Admin.Backups;

internal static class BackupCommand
{
    public static Command Create(AdminContext context)
    {
        var command = new Command("backup", "Create, verify and restore versioned, checksummed backups of the ledger.");
        command.Subcommands.Add(CreateCommand(context));
        command.Subcommands.Add(VerifyCommand(context));
        command.Subcommands.Add(RestoreCommand(context));
        return command;
    }

    private static Command CreateCommand(AdminContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "Where to write the backup." };
        var user = new Option<string?>("--user") { Description = "Only the entries that touch this user's wallet." };
        var command = new Command("create", "Write every journal entry (or one user's) with its postings to a backup file.") { file, user };
        command.SetAction(
            async (result, cancellationToken) =>
            {
                await using var dataSource = context.DataSource(result);
                await using var stream = result.GetValue(file)!.Create();
                var header = await new LedgerBackup(dataSource).CreateAsync(stream, result.GetValue(user), cancellationToken);
                return await ReportAsync(
                    context,
                    result,
                    header,
                    $"backup written to {result.GetValue(file)!.FullName}: {header.Entries} entries, "
                        + $"{header.Accounts} accounts, sha256 {header.Sha256[..12]}…"
                );
            }
        );
        return command;
    }

    private static Command VerifyCommand(AdminContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "The backup to check." };
        var command = new Command("verify", "Check a backup's format, version and checksum without touching the ledger.") { file };
        command.SetAction(
            async (result, cancellationToken) =>
            {
                var read = await ReadAsync(context, result.GetValue(file)!, cancellationToken);
                return read is null
                    ? ExitCodes.InvalidBackup
                    : await ReportAsync(
                        context,
                        result,
                        read.Value.Header,
                        $"backup is sound: {read.Value.Header.Scope}, {read.Value.Header.Entries} entries, created "
                            + $"{read.Value.Header.CreatedAt:u}"
                    );
            }
        );
        return command;
    }

    private static Command RestoreCommand(AdminContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "The backup to restore." };
        var yes = new Option<bool>("--yes") { Description = "Write the entries (default: only show what would be restored)." };
        var command = new Command(
            "restore",
            "Restore the entries of a backup that the ledger does not have; entries already present are skipped."
        )
        {
            file,
            yes,
        };
        command.SetAction(
            async (result, cancellationToken) =>
            {
                var read = await ReadAsync(context, result.GetValue(file)!, cancellationToken);
                if (read is null)
                {
                    return ExitCodes.InvalidBackup;
                }

                await using var dataSource = context.DataSource(result);
                var backup = new LedgerBackup(dataSource);
                var plan = await backup.PlanAsync(read.Value.Contents, cancellationToken);
                var json = context.WantsJson(result);
                if (!json)
                {
                    await context.Output.WriteLineAsync(
                        $"restore plan: {plan.ToRestore} entries to restore, {plan.AlreadyPresent} already present, "
                            + $"{plan.Conflicts.Count} conflicting"
                            + (
                                plan.TableRows is { } tables
                                    ? $"; and {tables.Values.Sum()} rows of {tables.Count} other tables, each written unless already there"
                                    : "; the journal only (a user's backup, or one made before version 2)"
                            )
                    );
                }

                if (!plan.CanRestore)
                {
                    await context.Error.WriteLineAsync(
                        $"restore refused: {plan.Conflicts.Count} entries exist in the ledger with different "
                            + $"content (first: {plan.Conflicts[0]}). Nothing was written; this backup does not belong to "
                            + "this ledger's history."
                    );
                    return ExitCodes.InvalidBackup;
                }

                if (!result.GetValue(yes))
                {
                    await (
                        json
                            ? context.WriteJsonAsync(new { plan, restored = 0 })
                            : context.Output.WriteLineAsync("nothing written: run again with --yes to restore")
                    );
                    return ExitCodes.Ok;
                }

                RestoreResult restored;
                try
                {
                    restored = await backup.RestoreAsync(
                        read.Value.Contents,
                        connection =>
                            OperatorActionLog.RecordAsync(
                                connection,
                                context.OperatorName(result),
                                "backup-restore",
                                JsonSerializer.Serialize(
                                    new
                                    {
                                        file = result.GetValue(file)!.FullName,
                                        read.Value.Header.Scope,
                                        read.Value.Header.Sha256,
                                    }
                                ),
                                $"restored {plan.ToRestore} entries, {plan.AlreadyPresent} already present",
                                cancellationToken
                            ),
                        cancellationToken
                    );
                }
                catch (InvalidBackupException ex)
                {
                    // Someone wrote a conflicting entry between the plan and the restore.
                    await context.Error.WriteLineAsync(ex.Message);
                    return ExitCodes.InvalidBackup;
                }

                await (
                    json
                        ? context.WriteJsonAsync(
                            new
                            {
                                plan,
                                restored = restored.Entries,
                                rows = restored.Rows,
                            }
                        )
                        : context.Output.WriteLineAsync(
                            $"restored {restored.Entries} entries"
                                + (
                                    restored.Rows.Values.Sum() > 0
                                        ? $" and {restored.Rows.Values.Sum()} rows "
                                            + "("
                                            + string.Join(", ", restored.Rows.Where(r => r.Value > 0).Select(r => $"{r.Key} {r.Value}"))
                                            + ")"
                                        : ""
                                )
                                + "; recorded in operator_actions"
                        )
                );
                return ExitCodes.Ok;
            }
        );
        return command;
    }

    private static async Task<(BackupHeader Header, BackupContents Contents)?> ReadAsync(
        AdminContext context,
        FileInfo file,
        CancellationToken cancellationToken
    )
    {
        if (!file.Exists)
        {
            await context.Error.WriteLineAsync($"No backup at {file.FullName}: check the path.");
            return null;
        }

        try
        {
            await using var stream = file.OpenRead();
            return await LedgerBackup.ReadAsync(stream, cancellationToken);
        }
        catch (InvalidBackupException ex)
        {
            await context.Error.WriteLineAsync($"{file.FullName}: {ex.Message}");
            return null;
        }
    }

    private static async Task<int> ReportAsync(AdminContext context, ParseResult result, BackupHeader header, string text)
    {
        if (context.WantsJson(result))
        {
            await context.WriteJsonAsync(header);
        }
        else
        {
            await context.Output.WriteLineAsync(text);
        }

        return ExitCodes.Ok;
    }
}
