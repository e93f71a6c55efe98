using Messaging.Ledger.Accounts;

namespace Messaging.Ledger.Journal;

/// <summary>One line of an entry yet to be written: a signed amount on an account.</summary>
public sealed record PostingDraft(AccountRef Account, long Amount);
