using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Messaging.Api.Limits;

// Per caller (the token's subject, else the remote address). Past a limit the answer is 429 with Retry-After, never 503, which would read
// as the API being down.
public static class ApiRateLimits
{
    public const string Allocations = "allocations";

    public static IServiceCollection AddApiRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                var limits = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(CallerOf(http), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.RequestsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
            limiter.AddPolicy(Allocations, http =>
            {
                var limits = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(CallerOf(http), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.AllocationsPerHour,
                    Window = TimeSpan.FromHours(1),
                    QueueLimit = 0,
                });
            });
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : (TimeSpan?)null;
                if (retryAfter is { } seconds)
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(seconds.TotalSeconds)).ToString(
                        CultureInfo.InvariantCulture
                    );
                }

                await Results
                    .Problem(
                        title: "Too many requests",
                        detail: $"{CallerOf(context.HttpContext)} has used up its requests for now (Api:RateLimits). "
                            + (retryAfter is { } after ? $"Try again in {Math.Ceiling(after.TotalSeconds):0} s." : "Try again later."),
                        statusCode: StatusCodes.Status429TooManyRequests
                    )
                    .ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }

    private static string CallerOf(HttpContext http) =>
        http.User.FindFirst("sub")?.Value is { } subject ? $"caller {subject}" : $"address {http.Connection.RemoteIpAddress}";
}
