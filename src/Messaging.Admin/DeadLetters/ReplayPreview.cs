using System.Text.Json;
using Messaging.Contracts.Earning;
using Messaging.Ledger.Journal;
using Messaging.Processing.Earning;
using Messaging.Processing.Faults;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Messaging.Admin.DeadLetters;

/// <summary>
/// What a replay would do with each dead-lettered message, as the processor would see it now: an
/// <see cref="OrderCompleted"/> from <c>ledger-order-completed_error</c> is <c>already applied</c> (its message id is in
/// the inbox, or its order's journal entry exists with the same payload hash), <c>would be refused again: reason</c>
/// (the real <see cref="OrderEarningPolicy"/> with the processor's current Earning settings refuses it, or its order
/// was applied with different content), else <c>would apply</c>. Any other message is <c>unknown</c>. Reads only.
/// </summary>
internal sealed class ReplayPreview
{
    public const string OrderErrorQueue = OrderCompletedConsumer.QueueName + "_error";

    public const string AlreadyApplied = "already applied";

    public const string WouldApply = "would apply";

    public const string RefusedPrefix = "would be refused again: ";

    public const string Unknown = "unknown (not an OrderCompleted)";

    private const string WorkerSettings = "src/Messaging.Worker/appsettings.json";

    private static readonly JsonSerializerOptions BodyJson = new(JsonSerializerDefaults.Web);

    private readonly OrderEarningPolicy _policy;

    private ReplayPreview(OrderEarningPolicy policy, string settingsSource)
    {
        _policy = policy;
        SettingsSource = settingsSource;
    }

    /// <summary>Where the Earning settings came from (the file, plus Earning__* environment variables).</summary>
    public string SettingsSource { get; }

    /// <summary>
    /// The processor's Earning settings: <paramref name="settingsFile"/> when given, else the worker's appsettings.json
    /// (found from the current directory or this tool's directory upwards), merged with Earning__* environment variables.
    /// </summary>
    public static ReplayPreview Load(string? settingsFile)
    {
        string? path;
        if (settingsFile is not null)
        {
            path = Path.GetFullPath(settingsFile);
            if (!File.Exists(path))
            {
                throw new DeadLetterException(ExitCodes.Usage, $"--settings '{settingsFile}' does not exist; pass the processor's appsettings.json.");
            }
        }
        else
        {
            path = FindWorkerSettings();
        }

        var builder = new ConfigurationBuilder();
        if (path is not null)
        {
            builder.AddJsonFile(path, optional: false, reloadOnChange: false);
        }

        builder.AddEnvironmentVariables();
        IConfiguration configuration;
        try
        {
            configuration = builder.Build();
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or IOException)
        {
            throw new DeadLetterException(ExitCodes.Usage, $"Cannot read the Earning settings from '{path}' ({ex.Message}).", ex);
        }

        var options = new EarningOptions();
        try
        {
            configuration.GetSection(EarningOptions.Section).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            throw new DeadLetterException(ExitCodes.Usage, $"The Earning settings in '{path}' (or Earning__* variables) are malformed ({ex.Message}).", ex);
        }

        // The binder may replace the dictionary; the processor's lookups ignore case.
        options.PointsPerUnit = new Dictionary<string, decimal>(options.PointsPerUnit, StringComparer.OrdinalIgnoreCase);
        var source = path is null ? "Earning__* environment variables only (no appsettings.json found)" : $"{path} + Earning__* environment variables";
        return new ReplayPreview(new OrderEarningPolicy(options), source);
    }

    /// <summary>One verdict per letter, in order (an empty list for none). Reads inbox_state and journal_entries.</summary>
    public async Task<IReadOnlyList<string>> ClassifyAsync(
        IReadOnlyList<DeadLetter> letters, Func<NpgsqlDataSource> dataSource, CancellationToken cancellationToken)
    {
        var verdicts = new string?[letters.Count];
        var candidates = new List<(int Index, Guid? MessageId, string Key, string Hash)>();
        for (var i = 0; i < letters.Count; i++)
        {
            var letter = letters[i];
            if (!IsOrderCompleted(letter) || ReadOrder(letter) is not { } order)
            {
                verdicts[i] = Unknown;
                continue;
            }

            var messageId = Guid.TryParse(letter.MessageId, out var id) ? id : (Guid?)null;
            try
            {
                var command = _policy.Plan(order);
                // An order that earns nothing is acknowledged without a journal entry: only the inbox can tell.
                candidates.Add((i, messageId, command?.Primary.IdempotencyKey ?? "", command?.Primary.PayloadHash ?? ""));
            }
            catch (MessageRejectedException ex)
            {
                // The inbox is checked first below: a message the processor already took is acked as a duplicate.
                verdicts[i] = RefusedPrefix + ex.Message;
                candidates.Add((i, messageId, "", ""));
            }
        }

        if (candidates.Count > 0)
        {
            await using var source = dataSource();
            await using var connection = await source.OpenConnectionAsync(cancellationToken);
            var seen = await InboxAsync(connection, candidates.Where(c => c.MessageId is not null).Select(c => c.MessageId!.Value).ToArray(), cancellationToken);
            var stored = await StoredPayloadHashes.ReadAsync(connection, candidates.Where(c => c.Key.Length > 0).Select(c => c.Key).Distinct(StringComparer.Ordinal).ToArray(), cancellationToken);
            foreach (var (index, messageId, key, hash) in candidates)
            {
                if (messageId is { } mid && seen.Contains(mid))
                {
                    verdicts[index] = AlreadyApplied;
                }
                else if (verdicts[index] is not null)
                {
                    // Refused by the policy: stays so.
                }
                else if (key.Length > 0 && stored.TryGetValue(key, out var storedHash))
                {
                    verdicts[index] = storedHash == hash ? AlreadyApplied : RefusedPrefix + "idempotency conflict";
                }
                else
                {
                    verdicts[index] = WouldApply;
                }
            }
        }

        return verdicts.Select(v => v ?? Unknown).ToList();
    }

    private static bool IsOrderCompleted(DeadLetter letter)
    {
        if (letter.Queue != OrderErrorQueue)
        {
            return false;
        }

        // Raw JSON carries no type (the type is then the source queue); an envelope or type header must name OrderCompleted.
        var type = letter.MessageType;
        return type == $"queue:{OrderCompletedConsumer.QueueName}"
            || type.EndsWith(":" + nameof(OrderCompleted), StringComparison.Ordinal)
            || type.EndsWith("." + nameof(OrderCompleted), StringComparison.Ordinal)
            || type == nameof(OrderCompleted);
    }

    private static OrderCompleted? ReadOrder(DeadLetter letter)
    {
        try
        {
            using var doc = JsonDocument.Parse(letter.Body);
            var root = doc.RootElement;
            // A MassTransit envelope carries the message under "message"; a raw JSON producer sends it bare.
            if (letter.Properties.ContentType?.Contains("masstransit", StringComparison.OrdinalIgnoreCase) == true
                && root.ValueKind == JsonValueKind.Object && root.TryGetProperty("message", out var inner))
            {
                root = inner;
            }

            return root.ValueKind == JsonValueKind.Object ? root.Deserialize<OrderCompleted>(BodyJson) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<HashSet<Guid>> InboxAsync(NpgsqlConnection connection, Guid[] messageIds, CancellationToken cancellationToken)
    {
        var seen = new HashSet<Guid>();
        if (messageIds.Length == 0)
        {
            return seen;
        }

        await using var command = new NpgsqlCommand(
            "SELECT message_id FROM inbox_state WHERE consumer_id = @consumer AND message_id = ANY(@ids)", connection);
        command.Parameters.AddWithValue("consumer", OrderCompletedConsumerDefinition.InboxName);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", messageIds));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            seen.Add(reader.GetGuid(0));
        }

        return seen;
    }

    private static string? FindWorkerSettings()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, WorkerSettings);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}

/// <summary>A dead-lettered message as <c>dlq show</c> describes it, with what a replay would do with it.</summary>
internal sealed record PreviewedLetter(
    string? MessageId, string Queue, string SourceQueue, string Type, string? Reason, string? ExceptionType,
    DateTimeOffset? FirstFailedAt, long? RedeliveryCount, long? DeliveryCount, string? ContentType, string Body, string Verdict)
{
    public static PreviewedLetter Of(DeadLetter letter, string verdict)
    {
        var view = DeadLetterView.Of(letter);
        return new(view.MessageId, view.Queue, view.SourceQueue, view.Type, view.Reason, view.ExceptionType,
            view.FirstFailedAt, view.RedeliveryCount, view.DeliveryCount, view.ContentType, view.Body, verdict);
    }
}
