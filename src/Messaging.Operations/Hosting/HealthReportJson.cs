using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Messaging.Operations.Hosting;

/// <summary>A health report as the API and the worker both show it in full: the status, and each check's status, description and
/// figures.</summary>
public static class HealthReportJson
{
    public static object Details(HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new
            {
                name = e.Key,
                status = e.Value.Status.ToString(),
                description = e.Value.Description ?? e.Value.Exception?.Message,
                data = e.Value.Data,
            }),
        };
    }
}
