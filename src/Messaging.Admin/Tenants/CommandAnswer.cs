using System.Text.Json;

namespace Messaging.Admin.Tenants;

/// <summary>The processor's answer to an admin command: its outcome event, or the code and reason of its refusal.</summary>
internal sealed record CommandAnswer(JsonElement? Outcome, string? RefusalCode, string? RefusalReason);
