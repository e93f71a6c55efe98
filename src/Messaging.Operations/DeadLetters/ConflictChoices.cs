namespace Messaging.Operations.DeadLetters;

/// <summary>How a <see cref="ConflictChoice"/> is written by an operator, in the CLI and the API alike.</summary>
public static class ConflictChoices
{
    public const string Applied = "applied";

    public const string DeadLettered = "dead-lettered";

    /// <summary>The choice <paramref name="keep"/> names, or null when it names none.</summary>
    public static ConflictChoice? Parse(string? keep) =>
        keep?.Trim().ToLowerInvariant() switch
        {
            Applied => ConflictChoice.Applied,
            DeadLettered => ConflictChoice.DeadLettered,
            _ => null,
        };
}
