namespace Messaging.Operations.DeadLetters;

/// <summary>One field an operator changed in a dead-lettered message: its path and its value before and after, as JSON.</summary>
public sealed record FieldChange(string Field, string Before, string After);
