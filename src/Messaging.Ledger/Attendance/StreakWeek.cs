namespace Messaging.Ledger.Attendance;

/// <summary>An attended week of a user's history and the streak that ends with it.</summary>
/// <param name="Week">Its Monday.</param>
/// <param name="Length">Consecutive attended weeks ending with it.</param>
/// <param name="FirstAttendedAt">Its earliest attendance: when the week began to count.</param>
/// <param name="TenantId">That attendance's tenant, or null.</param>
public sealed record StreakWeek(DateOnly Week, int Length, DateTimeOffset FirstAttendedAt, string? TenantId);
