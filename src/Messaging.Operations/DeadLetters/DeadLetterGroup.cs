namespace Messaging.Operations.DeadLetters;

public sealed record DeadLetterGroup(string Type, string Reason, int Count, DateTimeOffset? Oldest, DateTimeOffset? Newest);
