using System.Text.Json;
using Messaging.Ledger.Operations;
using Npgsql;

namespace Messaging.Operations.DeadLetters;

// Everything parked longer than the retention is archived first, then removed, and a pass that removed something is recorded in the
// operator log as dlq-retention, so none goes silently. Whoever hosts the job (the HTTP API) runs it on its own clock.
public static class DeadLetterRetention
{
    public const string OperatorName = "retention";

    public static async Task<PurgeReport> PassAsync(
        DeadLetterOperations operations,
        TimeSpan retention,
        string archive,
        NpgsqlDataSource operatorLog,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(operatorLog);
        var purged = await operations.PurgeAsync(new DeadLetterCriteria(null, null, null, retention, null), archive, cancellationToken);
        if (purged.Removed == 0)
        {
            File.Delete(archive);
            return purged;
        }

        // Removed is removed: record it even when the host is stopping meanwhile.
        var parameters = new
        {
            retention,
            archive,
            removed = purged.Removed,
            queues = purged.Queues,
            messageIds = purged.MessageIds,
        };
        await using var connection = await operatorLog.OpenConnectionAsync(CancellationToken.None);
        await OperatorActionLog.RecordAsync(
            connection,
            OperatorName,
            "dlq-retention",
            JsonSerializer.Serialize(parameters, JsonSerializerOptions.Web),
            $"archived and removed {purged.Removed} message(s) parked longer than {retention}",
            CancellationToken.None
        );
        return purged;
    }
}
