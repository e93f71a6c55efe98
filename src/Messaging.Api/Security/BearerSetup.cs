using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Messaging.Api.Security;

// A missing or bad token is 401 and a role too low is 403, each with a problem body that says what to do.
public static class BearerSetup
{
    public static IServiceCollection AddApiAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services
            .AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<JwtOptions>>(
                (bearer, jwt) =>
                {
                    bearer.MapInboundClaims = false;
                    bearer.TokenValidationParameters = new TokenValidationParameters
                    {
                        ValidIssuer = jwt.Value.Issuer,
                        ValidAudience = jwt.Value.Audience,
                        IssuerSigningKey = new SymmetricSecurityKey(jwt.Value.KeyBytes),
                        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                        NameClaimType = "sub",
                        RoleClaimType = "role",
                        ClockSkew = TimeSpan.FromSeconds(30),
                    };
                    bearer.Events = new JwtBearerEvents
                    {
                        OnChallenge = async context =>
                        {
                            context.HandleResponse();
                            var why = context.AuthenticateFailure is { } failure
                                ? "The token was refused ("
                                    + failure
                                        .GetType()
                                        .Name.Replace("SecurityToken", "", StringComparison.Ordinal)
                                        .Replace("Exception", "", StringComparison.Ordinal)
                                    + ")."
                                : "No bearer token was sent.";
                            await WriteAsync(
                                context.Response,
                                StatusCodes.Status401Unauthorized,
                                "Not authenticated",
                                $"{why} Send `Authorization: Bearer <token>`; `dotnet "
                                    + "src/Messaging.Api/bin/Release/net10.0/Messaging.Api.dll token --subject NAME --role "
                                    + "viewer|operator|admin` mints one for development."
                            );
                        },
                        OnForbidden = context =>
                            WriteAsync(
                                context.Response,
                                StatusCodes.Status403Forbidden,
                                "Not allowed",
                                $"{context.HttpContext.User.FindFirst("sub")?.Value ?? "The caller"} has role "
                                    + $"'{context.HttpContext.User.FindFirst("role")?.Value ?? "none"}', "
                                    + "which may not do this: reads need viewer, audits and failed messages operator, "
                                    + "allocations and clawbacks admin."
                            ),
                    };
                }
            );
        services
            .AddAuthorizationBuilder()
            .AddPolicy(ApiRoles.CanRead, p => p.RequireRole(ApiRoles.Viewer, ApiRoles.Operator, ApiRoles.Admin))
            .AddPolicy(ApiRoles.CanOperate, p => p.RequireRole(ApiRoles.Operator, ApiRoles.Admin))
            .AddPolicy(ApiRoles.CanAdminister, p => p.RequireRole(ApiRoles.Admin));
        return services;
    }

    private static Task WriteAsync(HttpResponse response, int status, string title, string detail)
    {
        response.StatusCode = status;
        response.ContentType = "application/problem+json";
        return response.WriteAsync(
            JsonSerializer.Serialize(
                new
                {
                    type = $"https://httpstatuses.io/{status}",
                    title,
                    status,
                    detail,
                },
                JsonSerializerOptions.Web
            )
        );
    }
}
