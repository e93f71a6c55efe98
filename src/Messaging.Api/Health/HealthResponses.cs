using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Messaging.Api.Health;

// Anonymous callers (a load balancer, anyone on the network) get the status only: the details name exceptions, who paused what and why.
public static class HealthResponses
{
    public static Task WriteAsync(HttpContext http, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(report);
        http.Response.ContentType = "application/json";
        if (http.User.Identity?.IsAuthenticated != true)
        {
            return http.Response.WriteAsync(JsonSerializer.Serialize(new { status = report.Status.ToString() }, JsonSerializerOptions.Web));
        }

        return http.Response.WriteAsync(
            JsonSerializer.Serialize(Messaging.Operations.Hosting.HealthReportJson.Details(report), JsonSerializerOptions.Web)
        );
    }
}
