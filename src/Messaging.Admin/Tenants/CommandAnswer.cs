using System.Text.Json;

namespace Messaging.Admin.Tenants;

internal sealed record CommandAnswer(JsonElement? Outcome, string? RefusalCode, string? RefusalReason);
