namespace Messaging.UnitTests.Architecture;

/// <summary>Where the repository is, for tests that read its sources.</summary>
internal static class RepositoryPaths
{
    public static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Messaging.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Messaging.sln not found above the test assembly; run the tests from the repository.");
    }
}
