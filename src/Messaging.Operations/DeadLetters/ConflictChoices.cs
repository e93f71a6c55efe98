namespace Messaging.Operations.DeadLetters;

// How an operator writes a ConflictChoice, in the CLI and the API alike.
public static class ConflictChoices
{
    public const string Applied = "applied";

    public const string DeadLettered = "dead-lettered";

    /// <summary>Null when <paramref name="keep"/> names no choice.</summary>
    public static ConflictChoice? Parse(string? keep) =>
        keep?.Trim().ToLowerInvariant() switch
        {
            Applied => ConflictChoice.Applied,
            DeadLettered => ConflictChoice.DeadLettered,
            _ => null,
        };
}
