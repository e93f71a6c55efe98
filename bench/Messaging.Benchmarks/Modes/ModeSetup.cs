using Messaging.Benchmarks.Infrastructure;

namespace Messaging.Benchmarks.Modes;

/// <summary>What every mode with servers of its own starts from: an empty output folder, vhost and database.</summary>
internal static class ModeSetup
{
    /// <summary>Recreates the mode's output folder, vhost and database; returns the folder.</summary>
    public static async Task<string> FreshAsync(
        BenchOptions options,
        string mode,
        RabbitAdmin rabbitAdmin,
        string vhost,
        PgAdmin pgAdmin,
        string database
    )
    {
        var workDir = Path.Combine(options.OutDir, mode);
        if (Directory.Exists(workDir))
        {
            Directory.Delete(workDir, recursive: true);
        }

        Directory.CreateDirectory(workDir);
        await rabbitAdmin.RecreateVhostAsync(vhost);
        await pgAdmin.RecreateDatabaseAsync(database);
        return workDir;
    }
}
