namespace Messaging.Admin.DeadLetters;

internal sealed record DeadLetterGroup(string Type, string Reason, int Count, DateTimeOffset? Oldest, DateTimeOffset? Newest);
