namespace Messaging.Ledger.Persistence.Schema;

/// <summary><see cref="Kind"/> is the folder the file is in, <see cref="Name"/> the file's name.</summary>
public sealed record SchemaObject(string Kind, string Name, string Sql, string Sha256);
