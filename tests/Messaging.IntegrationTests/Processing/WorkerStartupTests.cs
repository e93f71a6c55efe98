namespace Messaging.IntegrationTests.Processing;

/// <summary>A wrong setting stops the worker at start-up with a message that names it.</summary>
[Collection(EdgesCollection.Name)]
public sealed class WorkerStartupTests(ServersFixture servers)
{
    [Theory]
    [InlineData("RabbitMq:Host", "", "RabbitMq:Host is required")]
    [InlineData("Earning:PointsPerUnit:USD", "0", "Earning:PointsPerUnit:USD = 0 is invalid")]
    [InlineData("Commit:MaxBatchSize", "0", "Commit:MaxBatchSize must be between 1 and 5000")]
    [InlineData("ConnectionStrings:Ledger", "", "ConnectionStrings:Ledger is missing")]
    [InlineData("RabbitMq:ClusterNodes:0", "rabbit-2", "RabbitMq:ClusterNodes has 'rabbit-2', which is not host:port")]
    [InlineData("Endpoints:ReconnectDeadline", "02:00:00", "Endpoints:ReconnectDeadline must be between 0 (never exit) and 1 hour")]
    public async Task Should_refuse_to_start_and_name_the_setting_when_it_is_wrong(string key, string value, string message)
    {
        await using var worker = ProcessorProcess.Start(servers, new Dictionary<string, string?> { [key] = value });

        Assert.True(await worker.WaitForExitAsync(TimeSpan.FromSeconds(30)), $"the worker should have stopped:\n{worker.Output}");
        Assert.Equal(2, worker.ExitCode);
        Assert.Contains(message, worker.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_print_its_usage_and_exit_without_touching_anything_when_asked_for_help()
    {
        // An unreachable database and broker: help must not need (nor try) either.
        await using var worker = ProcessorProcess.Start(
            servers,
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:Ledger"] = "Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none",
                ["RabbitMq:Port"] = "1",
            },
            "--help"
        );

        Assert.True(await worker.WaitForExitAsync(TimeSpan.FromSeconds(30)), $"the worker should have stopped:\n{worker.Output}");
        Assert.Equal(0, worker.ExitCode);
        Assert.Contains("Messaging.Worker migrate", worker.Output, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings__Ledger", worker.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("ERR", worker.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_refuse_to_start_when_fault_injection_is_set_in_production()
    {
        await using var worker = ProcessorProcess.Start(
            servers,
            new Dictionary<string, string?> { ["FaultInjection:CrashPoint"] = "AfterCommit", ["DOTNET_ENVIRONMENT"] = "Production" }
        );

        Assert.True(await worker.WaitForExitAsync(TimeSpan.FromSeconds(30)), $"the worker should have stopped:\n{worker.Output}");
        Assert.Equal(2, worker.ExitCode);
        Assert.Contains(
            "FaultInjection:CrashPoint / FaultInjection:PoisonOrderId are set in the Production environment",
            worker.Output,
            StringComparison.Ordinal
        );
    }

    [Fact]
    public async Task Should_log_one_json_object_per_line_on_the_console_when_asked_for_log_shippers()
    {
        await using var worker = ProcessorProcess.Start(
            servers,
            new Dictionary<string, string?> { ["Logging:JsonConsole"] = "true", ["Commit:MaxBatchSize"] = "0" }
        );

        Assert.True(await worker.WaitForExitAsync(TimeSpan.FromSeconds(30)), $"the worker should have stopped:\n{worker.Output}");
        var lines = worker.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.NotEmpty(lines);
        var events = lines.Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
        // Every line is one JSON object (Serilog's compact format), and the refusal names the setting.
        Assert.Contains(events, e =>
            e.TryGetProperty("@l", out var level)
            && level.GetString() is "Error" or "Fatal"
            && e.GetRawText().Contains("Commit:MaxBatchSize must be between 1 and 5000", StringComparison.Ordinal)
        );
    }
}
