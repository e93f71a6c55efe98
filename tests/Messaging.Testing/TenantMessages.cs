using System.Text.Json;

namespace Messaging.Testing;

/// <summary>Admin commands on tenants' pools as an admin's tool publishes them: plain camelCase JSON.</summary>
public static class TenantMessages
{
    public static string Allocation(string id, string tenant, long points) =>
        JsonSerializer.Serialize(
            new
            {
                allocationId = id,
                tenantId = tenant,
                points,
                referenceNote = "Invoice 2026-114",
                requestedBy = "ops@platform.example",
                occurredAt = "2026-11-27T10:00:00Z",
            }
        );

    public static string Clawback(string id, string tenant, long points) =>
        JsonSerializer.Serialize(
            new
            {
                clawbackId = id,
                tenantId = tenant,
                points,
                reason = "contract ended",
                requestedBy = "ops",
                occurredAt = "2026-11-20T00:00:00Z",
            }
        );

    /// <summary>GrantRecognition as a recognition app publishes it.</summary>
    public static string Recognition(
        string id,
        string tenant,
        string giver,
        string receiver,
        long points,
        string occurredAt = "2026-11-27T10:00:00Z"
    ) =>
        JsonSerializer.Serialize(
            new
            {
                recognitionId = id,
                tenantId = tenant,
                giverId = giver,
                receiverId = receiver,
                points,
                message = "Thanks for the help!",
                occurredAt,
            }
        );
}
