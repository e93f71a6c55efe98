namespace Messaging.Ledger.Attendance;

/// <summary>A level of a badge a user has reached.</summary>
/// <param name="Badge">The badge's code.</param>
/// <param name="Level">1 to 5.</param>
/// <param name="Threshold">What the level asks for.</param>
/// <param name="Points">What it pays.</param>
/// <param name="ReachedAt">The attendance that met the threshold, in the order the user attended.</param>
/// <param name="TenantId">That attendance's tenant, or null.</param>
public sealed record BadgeLevel(string Badge, int Level, long Threshold, long Points, DateTimeOffset ReachedAt, string? TenantId);
