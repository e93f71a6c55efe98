using System.Security.Cryptography;
using System.Text;
using Messaging.Admin;
using Messaging.Ledger.Writing;
using NSec.Cryptography;

namespace Messaging.IntegrationTests.Admin;

/// <summary>
/// Backups carry the journal's hash chain and may be signed (issue 28): `backup verify` proves each entry against its link without a
/// database (so the C# digest and the database's agree), the chain from its first link to the head the header names, and the signature
/// against the key an operator trusts. An attacker who edits an entry and recomputes the file's checksum is caught by the chain, and one
/// who also recomputes the chain by the signature.
/// </summary>
[Collection(OperatorsCollection.Name)]
public sealed class SignedBackupTests(ServersFixture servers) : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ledger-signed-backup-").FullName;

    private string File(string name) => Path.Combine(_directory, name);

    public async Task InitializeAsync()
    {
        await servers.ResetAsync();
        foreach (var batch in new[] { new[] { ("s-1", "alice", 120L), ("s-2", "bob", 30L) }, [("s-3", "alice", 5L)] })
        {
            await using var connection = await servers.DataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await new LedgerBatchWriter().ApplyAsync(
                connection,
                [.. batch.Select(o => Entries.Earn(o.Item1, o.Item2, o.Item3))],
                CancellationToken.None
            );
            await transaction.CommitAsync();
        }

        WriteKeyPair("ours");
        WriteKeyPair("theirs");
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Should_prove_the_chain_to_its_head_and_the_signature_against_the_trusted_key()
    {
        var (createCode, created, createError) = await RunAsync("backup", "create", File("full.json"), "--signing-key", File("ours.pem"));
        var (_, audit, _) = await RunAsync("audit", "--chain", "--json");
        var head = System.Text.Json.JsonDocument.Parse(audit).RootElement.GetProperty("chain").GetProperty("head");

        var (code, output, error) = await RunAsync("backup", "verify", File("full.json"), "--public-key", File("ours.pub.pem"));
        var (untrustedCode, untrusted, _) = await RunAsync("backup", "verify", File("full.json"));
        var (theirsCode, _, theirsError) = await RunAsync("backup", "verify", File("full.json"), "--public-key", File("theirs.pub.pem"));

        Assert.True(createCode == ExitCodes.Ok, createError);
        Assert.Contains($"chain head 3:{head.GetProperty("hash").GetString()}, signed by key", created, StringComparison.Ordinal);
        Assert.True(code == ExitCodes.Ok, error);
        Assert.Contains(
            $"hash chain of 3 links intact to head 3:{head.GetProperty("hash").GetString()}; signed by the key given",
            output,
            StringComparison.Ordinal
        );
        Assert.Equal(ExitCodes.Ok, untrustedCode);
        Assert.Contains("which the file names: give --public-key to check it is yours", untrusted, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidBackup, theirsCode);
        Assert.Contains("not signed by the key given", theirsError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_name_the_entry_an_attacker_changed_even_when_the_checksum_was_recomputed()
    {
        Assert.Equal(ExitCodes.Ok, (await RunAsync("backup", "create", File("plain.json"))).Code);
        var lines = await System.IO.File.ReadAllLinesAsync(File("plain.json"));
        lines[1] = lines[1]
            .Replace("\"amount\":30", "\"amount\":31", StringComparison.Ordinal)
            .Replace("\"amount\":-30", "\"amount\":-31", StringComparison.Ordinal);
        lines[0] = WithChecksum(lines[0], lines[1]);
        await System.IO.File.WriteAllLinesAsync(File("plain.json"), lines);

        var (code, _, error) = await RunAsync("backup", "verify", File("plain.json"));

        Assert.Equal(ExitCodes.InvalidBackup, code);
        Assert.Contains(
            "hash chain broken: entry order:s-2 (link 2): its content and postings do not hash to its link",
            error,
            StringComparison.Ordinal
        );
    }

    [Fact]
    public async Task Should_refuse_a_signed_backup_whose_header_was_rewritten_and_an_unsigned_one_when_a_key_is_required()
    {
        Assert.Equal(ExitCodes.Ok, (await RunAsync("backup", "create", File("signed.json"), "--signing-key", File("ours.pem"))).Code);
        Assert.Equal(ExitCodes.Ok, (await RunAsync("backup", "create", File("unsigned.json"))).Code);
        var lines = await System.IO.File.ReadAllLinesAsync(File("signed.json"));
        lines[0] = lines[0].Replace("\"scope\":\"full\"", "\"scope\":\"user:alice\"", StringComparison.Ordinal);
        await System.IO.File.WriteAllLinesAsync(File("signed.json"), lines);

        var (code, _, error) = await RunAsync("backup", "verify", File("signed.json"));
        var (unsignedCode, _, unsignedError) = await RunAsync(
            "backup",
            "verify",
            File("unsigned.json"),
            "--public-key",
            File("ours.pub.pem")
        );
        var (badKeyCode, _, badKeyError) = await RunAsync("backup", "create", File("x.json"), "--signing-key", File("ours.pub.pem"));

        Assert.Equal(ExitCodes.InvalidBackup, code);
        Assert.Contains("the signature does not match the header", error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.InvalidBackup, unsignedCode);
        Assert.Contains("not signed, but --public-key asks for a signed backup", unsignedError, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, badKeyCode);
        Assert.Contains("not an Ed25519 private key in PEM", badKeyError, StringComparison.Ordinal);
    }

    // As `openssl genpkey -algorithm ed25519` and `openssl pkey -pubout` write them.
    private void WriteKeyPair(string name)
    {
        using var key = Key.Create(
            SignatureAlgorithm.Ed25519,
            new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }
        );
        System.IO.File.WriteAllBytes(File($"{name}.pem"), key.Export(KeyBlobFormat.PkixPrivateKeyText));
        System.IO.File.WriteAllBytes(File($"{name}.pub.pem"), key.PublicKey.Export(KeyBlobFormat.PkixPublicKeyText));
    }

    private static string WithChecksum(string headerLine, string contentsLine)
    {
        var header = System.Text.Json.Nodes.JsonNode.Parse(headerLine)!;
        header["sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(contentsLine)));
        return header.ToJsonString();
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await AdminApp.RunAsync([.. args, "--connection", servers.OperatorConnectionString], output, error);
        return (code, output.ToString(), error.ToString());
    }
}
