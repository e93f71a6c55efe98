namespace Messaging.Ledger.Operations;

/// <summary>A row of worker_heartbeats: one running processor and when it last said it was alive.</summary>
public sealed class WorkerHeartbeat
{
    /// <summary>The host, the process id and a random suffix: unique per process run.</summary>
    public string Instance { get; set; } = "";

    public string Host { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset BeatAt { get; set; }
}
