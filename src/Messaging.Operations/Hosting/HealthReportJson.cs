using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Messaging.Operations.Hosting;

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
