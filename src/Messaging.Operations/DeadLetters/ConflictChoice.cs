namespace Messaging.Operations.DeadLetters;

/// <summary>Which copy of a conflicting message an operator keeps.</summary>
public enum ConflictChoice
{
    /// <summary>The entry the ledger applied; the dead-lettered copy is set aside.</summary>
    Applied,

    /// <summary>The dead-lettered copy; the applied entry is reversed and this one applied instead.</summary>
    DeadLettered,
}
