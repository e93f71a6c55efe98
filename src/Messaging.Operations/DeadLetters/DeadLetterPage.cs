namespace Messaging.Operations.DeadLetters;

/// <summary>One page of matching dead letters, in queue order; <see cref="Next"/> asks for the page after it, null on the last.</summary>
public sealed record DeadLetterPage(IReadOnlyList<DeadLetterView> Messages, string? Next);
