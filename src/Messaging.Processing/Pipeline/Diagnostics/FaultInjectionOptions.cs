namespace Messaging.Processing.Pipeline.Diagnostics;

// A test hook for crash tests only: the processor kills itself (SIGKILL) at the named point, so tests can prove what survives. Empty
// (the default) disables it; start-up refuses it in the Production environment (FaultInjectionOptionsValidator).
public sealed class FaultInjectionOptions
{
    public const string Section = "FaultInjection";

    /// <summary><see cref="CrashPoints.AfterCommit"/>, <see cref="CrashPoints.BeforeOutboxDelivery"/>, or empty.</summary>
    public string? CrashPoint { get; set; }

    /// <summary>An order whose handling kills the process every time (a poison message), or empty.</summary>
    public string? PoisonOrderId { get; set; }

    public bool Enabled => !string.IsNullOrEmpty(CrashPoint) || !string.IsNullOrEmpty(PoisonOrderId);
}
