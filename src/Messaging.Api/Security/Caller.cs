using System.Security.Claims;

namespace Messaging.Api.Security;

/// <summary>Who is calling, as the operator log records them.</summary>
public static class Caller
{
    /// <summary>The token's subject, prefixed so the operator log tells API callers from CLI operators.</summary>
    public static string NameOf(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return $"api:{user.FindFirstValue("sub") ?? "unknown"}";
    }
}
