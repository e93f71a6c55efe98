namespace Messaging.Processing.Pipeline.Diagnostics;

/// <summary>
/// Settings under <c>FaultInjection</c>, a test hook for crash tests only: the processor kills itself (SIGKILL) at the
/// named point, so tests can prove what survives. Empty (the default) disables it; set in the Production
/// environment, start-up refuses it (<see cref="FaultInjectionOptionsValidator"/>).
/// </summary>
public sealed class FaultInjectionOptions
{
    public const string Section = "FaultInjection";

    /// <summary><see cref="CrashPoints.AfterCommit"/>, <see cref="CrashPoints.BeforeOutboxDelivery"/>, or empty.</summary>
    public string? CrashPoint { get; set; }

    /// <summary>An order id whose handling kills the process every time (a poison message), or empty.</summary>
    public string? PoisonOrderId { get; set; }

    public bool Enabled => !string.IsNullOrEmpty(CrashPoint) || !string.IsNullOrEmpty(PoisonOrderId);
}
