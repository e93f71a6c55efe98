namespace Messaging.Testing;

/// <summary>Samples a wallet's available points (balance − held) while a test runs, and reports the lowest seen.</summary>
public sealed class AvailabilityWatcher
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task<long> _lowest;

    public AvailabilityWatcher(LedgerProbe ledger, string accountCode) => _lowest = SampleAsync(ledger, accountCode, _stop.Token);

    public async Task<long> StopAsync()
    {
        await _stop.CancelAsync();
        var lowest = await _lowest;
        _stop.Dispose();
        return lowest;
    }

    private static async Task<long> SampleAsync(LedgerProbe ledger, string accountCode, CancellationToken stop)
    {
        var lowest = long.MaxValue;
        while (!stop.IsCancellationRequested)
        {
            lowest = Math.Min(
                lowest,
                await ledger.ScalarAsync(
                    "SELECT coalesce((SELECT balance - held FROM accounts WHERE code = @code), 0)",
                    ("code", accountCode)
                )
            );
            await Task.Delay(5, CancellationToken.None);
        }

        return lowest;
    }
}
