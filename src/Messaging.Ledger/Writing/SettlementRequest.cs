using Messaging.Ledger.Accounts;

namespace Messaging.Ledger.Writing;

/// <summary>A command's ask to be settled by <paramref name="Settlement"/> when its primary entry is applied.</summary>
/// <param name="Settlement">Who settles it.</param>
/// <param name="Fact">What it settles (the settlement's own type).</param>
/// <param name="Accounts">Every account the settlement's entries may post to, locked with the command's.</param>
public sealed record SettlementRequest(ILedgerSettlement Settlement, object Fact, IReadOnlyList<AccountRef> Accounts);
