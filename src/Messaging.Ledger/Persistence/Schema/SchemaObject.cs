namespace Messaging.Ledger.Persistence.Schema;

/// <summary>One function, trigger or view: its kind (the folder it is in), name (its file's), definition and hash.</summary>
public sealed record SchemaObject(string Kind, string Name, string Sql, string Sha256);
