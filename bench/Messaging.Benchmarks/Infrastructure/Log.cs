using System.Globalization;

namespace Messaging.Benchmarks.Infrastructure;

internal static class Log
{
    private static readonly DateTime Start = DateTime.UtcNow;

    public static void Info(string message) =>
        Console.Error.WriteLine(
            string.Create(CultureInfo.InvariantCulture, $"[bench {(DateTime.UtcNow - Start).TotalSeconds, 7:F1}s] {message}")
        );
}
