using System.Text.RegularExpressions;

namespace Messaging.UnitTests.Architecture;

/// <summary>Where the repository is, and its source lines, for tests that read its sources.</summary>
internal static class RepositoryPaths
{
    /// <summary>Every line of the <c>.cs</c> files below <paramref name="folder"/> (not build output) that matches, as <c>path:line:
    /// text</c>.</summary>
    public static List<string> LinesMatching(string folder, Regex pattern, Func<string, bool>? skipFile = null) =>
        Directory
            .EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(file =>
                !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !(skipFile?.Invoke(file) ?? false)
            )
            .SelectMany(file => File.ReadLines(file).Select((line, index) => (file, line, number: index + 1)))
            .Where(l => pattern.IsMatch(l.line))
            .Select(l => $"{Path.GetRelativePath(Root(), l.file)}:{l.number}: {l.line.Trim()}")
            .ToList();

    public static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Messaging.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName
            ?? throw new InvalidOperationException("Messaging.sln not found above the test assembly; run the tests from the repository.");
    }
}
