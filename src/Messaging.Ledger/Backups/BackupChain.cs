using Messaging.Ledger.Chain;

namespace Messaging.Ledger.Backups;

// Proves a backup's journal against the hash chain it carries, without a database: every entry's content must hash to its link (with the
// link before it), consecutive links must follow each other, and a full backup must hold the whole chain, from the first link to the
// head its header names. A signature over the header then vouches for all of it.
public static class BackupChain
{
    public static BackupChainCheck Verify(BackupFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var entries = file.Contents.Entries;
        if (file.Header.Version < 3)
        {
            return new BackupChainCheck(0, false, null);
        }

        if (entries.FirstOrDefault(e => e.ChainSequence is null || e.ChainHash is null || e.ChainPrevious is null) is { } unlinked)
        {
            return Problem(
                0,
                $"entry {unlinked.IdempotencyKey} carries no link of the hash chain: the file was edited, or the ledger held an entry "
                    + "outside the chain when it was made (`audit --chain` on it names such entries)"
            );
        }

        var accountIds = file
            .Contents.Accounts.Where(a => a.Id is not null)
            .ToDictionary(a => a.Code, a => a.Id!.Value, StringComparer.Ordinal);
        if (entries.SelectMany(e => e.Postings).FirstOrDefault(p => !accountIds.ContainsKey(p.Account)) is { } orphan)
        {
            return Problem(0, $"account {orphan.Account} has a posting but no id among the backup's accounts: the file was edited");
        }

        var linked = entries.OrderBy(e => e.ChainSequence).ToList();
        BackupEntry? before = null;
        foreach (var entry in linked)
        {
            var sequence = entry.ChainSequence!.Value;
            var name = $"entry {entry.IdempotencyKey} (link {sequence})";
            if (sequence == 1 && entry.ChainPrevious != ChainLink.GenesisHash)
            {
                return Problem(0, $"{name} is the first link but does not start from the chain's origin");
            }

            if (before is not null && before.ChainSequence == sequence - 1 && before.ChainHash != entry.ChainPrevious)
            {
                return Problem(0, $"{name} does not follow link {sequence - 1}: the chain was cut and joined");
            }

            if (ChainDigest.Link(entry.ChainPrevious!, entry, accountIds) != entry.ChainHash)
            {
                return Problem(
                    0,
                    $"{name}: its content and postings do not hash to its link; it was changed after it was written to the ledger"
                );
            }

            before = entry;
        }

        if (file.Header.Scope != "full")
        {
            return new BackupChainCheck(linked.Count, false, null);
        }

        // A full backup holds every link, 1 to the head, none missing.
        var head = file.Header.ChainSequence ?? 0;
        var contiguous = linked.Select((e, i) => e.ChainSequence == i + 1).All(ok => ok);
        if (!contiguous || linked.Count != head || (head > 0 && linked[^1].ChainHash != file.Header.ChainHash))
        {
            return Problem(
                0,
                $"the header names link {head} as the chain's head, but the backup holds {linked.Count} links"
                    + (linked.Count > 0 ? $" ending at link {linked[^1].ChainSequence}" : "")
                    + ": entries were removed from it or added to it"
            );
        }

        return new BackupChainCheck(linked.Count, true, null);
    }

    private static BackupChainCheck Problem(long links, string problem) => new(links, false, problem);
}
