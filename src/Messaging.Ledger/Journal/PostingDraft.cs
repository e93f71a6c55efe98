using Messaging.Ledger.Accounts;

namespace Messaging.Ledger.Journal;

public sealed record PostingDraft(AccountRef Account, long Amount);
