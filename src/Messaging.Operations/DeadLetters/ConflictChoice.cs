namespace Messaging.Operations.DeadLetters;

public enum ConflictChoice
{
    /// <summary>The entry the ledger applied; the dead-lettered copy is set aside.</summary>
    Applied,

    /// <summary>The applied entry is reversed and the dead-lettered copy applied instead.</summary>
    DeadLettered,
}
