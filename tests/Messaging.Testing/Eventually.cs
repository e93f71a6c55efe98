namespace Messaging.Testing;

public static class Eventually
{
    /// <summary>Polls until the condition holds; fails with <paramref name="what"/> when it never does.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds:0} s waiting for: {what}");
            }

            await Task.Delay(100);
        }
    }
}
