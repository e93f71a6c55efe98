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
        var signingKey = new Option<FileInfo?>("--signing-key")
        {
            Description = "An Ed25519 private key (PEM, `openssl genpkey -algorithm ed25519`) to sign the backup with.",
        };
        var command = new Command(
            "create",
            "Write every journal entry (or one user's) with its postings and hash chain links to a backup file, signed if given a key."
        )
        {
            file,
            user,
            signingKey,
        };
        command.SetAction(
            async (result, cancellationToken) =>
            {
                NSec.Cryptography.Key? key = null;
                if (result.GetValue(signingKey) is { } keyFile)
                {
                    key = await ReadKeyAsync(context, keyFile, BackupSigning.ImportPrivateKey);
                    if (key is null)
                    {
                        return ExitCodes.Usage;
                    }
                }

                using var signWith = key;
                await using var dataSource = context.DataSource(result);
                await using var stream = result.GetValue(file)!.Create();
                var header = await new LedgerBackup(dataSource).CreateAsync(stream, result.GetValue(user), key, cancellationToken);
                return await ReportAsync(
                    context,
                    result,
                    header,
                    $"backup written to {result.GetValue(file)!.FullName}: {header.Entries} entries, "
                        + $"{header.Accounts} accounts, sha256 {header.Sha256[..12]}…"
                        + (header.ChainSequence is { } head ? $", chain head {head}:{header.ChainHash}" : "")
                        + (key is null ? ", unsigned" : $", signed by key {BackupSigning.Fingerprint(key.PublicKey)}")
                );
            }
        );
        return command;
    }

    private static Command VerifyCommand(AdminContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "The backup to check." };
        var publicKey = new Option<FileInfo?>("--public-key")
        {
            Description =
                "The Ed25519 public key (PEM) the backup must be signed with; without it, a signature is checked only "
                + "against the key the file names.",
        };
        var command = new Command(
            "verify",
            "Check a backup's format, version, checksum, hash chain and signature without touching the ledger."
        )
        {
            file,
            publicKey,
        };
        command.SetAction(
            async (result, cancellationToken) =>
            {
                var read = await ReadAsync(context, result.GetValue(file)!, cancellationToken);
                if (read is null)
                {
                    return ExitCodes.InvalidBackup;
                }

                NSec.Cryptography.PublicKey? trusted = null;
                if (result.GetValue(publicKey) is { } keyFile)
                {
                    trusted = await ReadKeyAsync(context, keyFile, BackupSigning.ImportPublicKey);
                    if (trusted is null)
                    {
                        return ExitCodes.Usage;
                    }
                }

                var name = result.GetValue(file)!.FullName;
                var signed = await CheckSignatureAsync(context, name, read, trusted);
                if (signed is null)
                {
                    return ExitCodes.InvalidBackup;
                }

                var chain = BackupChain.Verify(read);
                if (!chain.Sound)
                {
                    await context.Error.WriteLineAsync($"{name}: hash chain broken: {chain.Problem}. Do not restore it.");
                    return ExitCodes.InvalidBackup;
                }

                var chainText =
                    read.Header.Version < 3 ? "no hash chain (made before version 3)"
                    : chain.ReachesHead
                        ? $"hash chain of {chain.Links} links intact to head {read.Header.ChainSequence}:{read.Header.ChainHash}"
                    : $"{chain.Links} links of the hash chain proved";
                return await ReportAsync(
                    context,
                    result,
                    read.Header,
                    $"backup is sound: {read.Header.Scope}, {read.Header.Entries} entries, created {read.Header.CreatedAt:u}; "
                        + $"{chainText}; {signed}"
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
                var plan = await backup.PlanAsync(read.Contents, cancellationToken);
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
                        read.Contents,
                        connection =>
                            OperatorActionLog.RecordAsync(
                                connection,
                                context.OperatorName(result),
                                "backup-restore",
                                JsonSerializer.Serialize(
                                    new
                                    {
                                        file = result.GetValue(file)!.FullName,
                                        read.Header.Scope,
                                        read.Header.Sha256,
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

    // Says what the signature proves; null (and the reason on stderr) when the file fails it.
    private static async Task<string?> CheckSignatureAsync(
        AdminContext context,
        string name,
        BackupFile read,
        NSec.Cryptography.PublicKey? trusted
    )
    {
        if (read.Signature is null)
        {
            if (trusted is null)
            {
                return "unsigned";
            }

            await context.Error.WriteLineAsync(
                $"{name}: not signed, but --public-key asks for a signed backup: make backups with --signing-key, or verify without it."
            );
            return null;
        }

        try
        {
            var key = trusted ?? BackupSigning.EmbeddedKey(read.Signature);
            if (!BackupSigning.Verify(key, read.HeaderLine, read.Signature))
            {
                await context.Error.WriteLineAsync(
                    trusted is null
                        ? $"{name}: the signature does not match the header: the file was changed after it was signed. Do not restore it."
                        : $"{name}: not signed by the key given (key {BackupSigning.Fingerprint(trusted)}; the file names key "
                            + $"{BackupSigning.Fingerprint(BackupSigning.EmbeddedKey(read.Signature))}), or changed after it was signed. "
                            + "Do not restore it."
                );
                return null;
            }

            return trusted is null
                ? $"signed by key {BackupSigning.Fingerprint(key)}, which the file names: give --public-key to check it is yours"
                : $"signed by the key given ({BackupSigning.Fingerprint(key)})";
        }
        catch (InvalidBackupException ex)
        {
            await context.Error.WriteLineAsync($"{name}: {ex.Message}");
            return null;
        }
    }

    private static async Task<T?> ReadKeyAsync<T>(AdminContext context, FileInfo file, Func<string, T> import)
        where T : class
    {
        if (!file.Exists)
        {
            await context.Error.WriteLineAsync($"No key at {file.FullName}: check the path.");
            return null;
        }

        try
        {
            return import(await File.ReadAllTextAsync(file.FullName));
        }
        catch (InvalidBackupException ex)
        {
            await context.Error.WriteLineAsync($"{file.FullName}: {ex.Message}");
            return null;
        }
    }

    private static async Task<BackupFile?> ReadAsync(AdminContext context, FileInfo file, CancellationToken cancellationToken)
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
