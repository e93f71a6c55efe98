using System.Globalization;

namespace Messaging.Testing;

/// <summary>
/// How many orders the fault tests push through: small enough for CI by default, the full size of the documented runs
/// with LEDGER_FAULT_ORDERS (e.g. 20000; see docs/reliability.md).
/// </summary>
public static class FaultScale
{
    public static int Orders(int ciDefault) =>
        int.TryParse(
            Environment.GetEnvironmentVariable("LEDGER_FAULT_ORDERS"),
            NumberStyles.None,
            CultureInfo.InvariantCulture,
            out var orders
        )
        && orders > 0
            ? orders
            : ciDefault;
}
