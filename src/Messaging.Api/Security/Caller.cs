using System.Security.Claims;

namespace Messaging.Api.Security;

public static class Caller
{
    /// <summary>Prefixed so the operator log tells API callers from CLI operators.</summary>
    public static string NameOf(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return $"api:{user.FindFirstValue("sub") ?? "unknown"}";
    }
}
