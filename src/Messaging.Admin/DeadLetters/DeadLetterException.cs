namespace Messaging.Admin.DeadLetters;

/// <summary>A problem the operator can fix: what went wrong, how to fix it, and the exit code to end with.</summary>
internal sealed class DeadLetterException(int exitCode, string message, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}
