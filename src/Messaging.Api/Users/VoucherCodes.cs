using System.Security.Claims;
using Messaging.Api.Security;
using Messaging.Ledger.Queries;

namespace Messaging.Api.Users;

// A voucher code is the reward itself: whoever reads it can spend it. Operators and admins see it in full (support hands it to the user);
// a viewer sees only its last four characters, enough to match it with what the user reads out.
public static class VoucherCodes
{
    public static IReadOnlyList<RedemptionRow> ForCaller(IReadOnlyList<RedemptionRow> rows, ClaimsPrincipal caller)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(caller);
        return caller.IsInRole(ApiRoles.Operator) || caller.IsInRole(ApiRoles.Admin)
            ? rows
            : [.. rows.Select(r => r with { VoucherCode = Mask(r.VoucherCode) })];
    }

    public static string? Mask(string? code) =>
        code switch
        {
            null => null,
            { Length: <= 4 } => new string('•', code.Length),
            _ => new string('•', code.Length - 4) + code[^4..],
        };
}
