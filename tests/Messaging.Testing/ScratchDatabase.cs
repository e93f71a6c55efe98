using Npgsql;

namespace Messaging.Testing;

/// <summary>A database of a test's own beside the fixture's, for what needs a ledger at an older version (a migration's test).</summary>
public static class ScratchDatabase
{
    public static async Task RecreateAsync(string database)
    {
        await DropAsync(database);
        await using var admin = new NpgsqlConnection(TestSettings.AdminConnectionString);
        await admin.OpenAsync();
        await new NpgsqlCommand($"CREATE DATABASE \"{database}\"", admin).ExecuteNonQueryAsync();
    }

    /// <summary>Clears the pools first, so no connection of the test keeps it open.</summary>
    public static async Task DropAsync(string database)
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(TestSettings.AdminConnectionString);
        await admin.OpenAsync();
        await new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", admin).ExecuteNonQueryAsync();
    }
}
