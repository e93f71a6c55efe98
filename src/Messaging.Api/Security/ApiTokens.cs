using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Messaging.Api.Security;

// For development and tests (Messaging.Api token), never a login.
public static class ApiTokens
{
    public static string Mint(JwtOptions options, string subject, string role, TimeSpan lifetime, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!ApiRoles.All.Contains(role))
        {
            throw new ArgumentException($"Role '{role}' is not one of {string.Join(", ", ApiRoles.All)}.", nameof(role));
        }

        return new JsonWebTokenHandler().CreateToken(
            new SecurityTokenDescriptor
            {
                Issuer = options.Issuer,
                Audience = options.Audience,
                Subject = new ClaimsIdentity([new Claim("sub", subject), new Claim("role", role)]),
                NotBefore = now.UtcDateTime,
                IssuedAt = now.UtcDateTime,
                Expires = now.Add(lifetime).UtcDateTime,
                SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(options.KeyBytes), SecurityAlgorithms.HmacSha256),
            }
        );
    }
}
