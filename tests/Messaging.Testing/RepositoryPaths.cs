namespace Messaging.Testing;

public static class RepositoryPaths
{
    /// <summary>The folder holding Messaging.sln, found above the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
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
