namespace Messaging.Operations.DeadLetters;

/// <summary>Before and After are JSON.</summary>
public sealed record FieldChange(string Field, string Before, string After);
