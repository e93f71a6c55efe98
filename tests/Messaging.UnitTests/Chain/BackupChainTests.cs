using Messaging.Ledger.Backups;
using Messaging.Ledger.Chain;

namespace Messaging.UnitTests.Chain;

/// <summary>A backup's chain proved without a database: what a link covers, and each way a file can be cut, joined or edited.</summary>
public sealed class BackupChainTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, long> AccountIds = new(StringComparer.Ordinal)
    {
        ["platform:issuance:orders"] = 1,
        ["user:a:wallet"] = 2,
        ["user:b:wallet"] = 3,
        ["user:c:wallet"] = 4,
        ["user:x:wallet"] = 5,
    };

    [Fact]
    public void Should_prove_a_whole_chain_to_the_head_its_header_names()
    {
        var check = BackupChain.Verify(File(Linked(Entry("a", 10), Entry("b", 20), Entry("c", 5))));

        Assert.True(check.Sound, check.Problem);
        Assert.True(check.ReachesHead);
        Assert.Equal(3, check.Links);
    }

    [Fact]
    public void Should_name_the_entry_whose_posting_changed()
    {
        var entries = Linked(Entry("a", 10), Entry("b", 20), Entry("c", 5));
        entries[1] = entries[1] with
        {
            Postings = [new BackupPosting("platform:issuance:orders", -21), new BackupPosting("user:b:wallet", 21)],
        };

        var check = BackupChain.Verify(File(entries));

        Assert.StartsWith(
            "entry order:b (link 2): its content and postings do not hash to its link",
            check.Problem,
            StringComparison.Ordinal
        );
    }

    [Fact]
    public void Should_find_a_link_removed_from_a_full_backup_and_a_chain_cut_and_joined()
    {
        var entries = Linked(Entry("a", 10), Entry("b", 20), Entry("c", 5));
        var missing = BackupChain.Verify(File([entries[0], entries[2]], head: entries[2]));
        var joined = BackupChain.Verify(File([entries[0], entries[1] with { ChainPrevious = entries[1].ChainHash }, entries[2]]));

        Assert.Contains(
            "the header names link 3 as the chain's head, but the backup holds 2 links",
            missing.Problem,
            StringComparison.Ordinal
        );
        Assert.StartsWith("entry order:b (link 2) does not follow link 1", joined.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_keep_fields_apart_so_no_text_passes_for_another()
    {
        // Without lengths, "ab" + "c" and "a" + "bc" would hash the same.
        var one = Entry("x", 1) with { IdempotencyKey = "ab", Description = "c" };
        var other = Entry("x", 1) with { IdempotencyKey = "a", Description = "bc" };

        Assert.NotEqual(Digest(one), Digest(other));
        Assert.Equal(Digest(one), Digest(one with { Postings = [.. one.Postings.Reverse()] }));
    }

    private static BackupEntry Entry(string order, long points) =>
        new(
            $"order:{order}",
            "earned",
            $"Points for order {order}",
            "hash",
            null,
            At,
            "{}",
            [new BackupPosting("platform:issuance:orders", -points), new BackupPosting($"user:{order}:wallet", points)],
            At
        );

    private static List<BackupEntry> Linked(params BackupEntry[] entries)
    {
        var previous = ChainLink.GenesisHash;
        var linked = new List<BackupEntry>();
        for (var i = 0; i < entries.Length; i++)
        {
            var hash = ChainDigest.Link(previous, entries[i], AccountIds);
            linked.Add(entries[i] with { ChainSequence = i + 1, ChainHash = hash, ChainPrevious = previous });
            previous = hash;
        }

        return linked;
    }

    private static BackupFile File(IReadOnlyList<BackupEntry> entries, BackupEntry? head = null)
    {
        var last = head ?? entries[^1];
        var header = new BackupHeader(BackupHeader.FormatName, 3, At, "full", 0, entries.Count, "")
        {
            ChainSequence = last.ChainSequence,
            ChainHash = last.ChainHash,
        };
        var accounts = AccountIds.Select(a => new BackupAccount(a.Key, "user_wallet", null, false, 0) { Id = a.Value }).ToList();
        return new BackupFile(header, new BackupContents(accounts, entries), "", null);
    }

    private static string Digest(BackupEntry entry) => Convert.ToHexString(ChainDigest.Of(entry, AccountIds));
}
