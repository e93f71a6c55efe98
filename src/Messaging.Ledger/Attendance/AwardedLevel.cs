namespace Messaging.Ledger.Attendance;

/// <summary>A badge level as it was awarded.</summary>
/// <param name="Badge">The badge's code.</param>
/// <param name="Level">1 to 5.</param>
/// <param name="Threshold">What it asked for.</param>
/// <param name="Points">What it paid.</param>
/// <param name="ReachedAt">The attendance that met the threshold.</param>
/// <param name="AwardedAt">When the ledger awarded it.</param>
public sealed record AwardedLevel(string Badge, int Level, long Threshold, long Points, DateTimeOffset ReachedAt, DateTimeOffset AwardedAt);
