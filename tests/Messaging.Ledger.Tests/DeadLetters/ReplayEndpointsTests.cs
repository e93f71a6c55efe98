using System.Reflection;
using Messaging.Processing.DeadLetters;

namespace Messaging.Ledger.Tests.DeadLetters;

/// <summary>The replay preview knows every endpoint the processor consumes: a new consumer without an entry fails here.</summary>
public sealed class ReplayEndpointsTests
{
    [Fact]
    public void Should_know_the_inbox_of_every_endpoint_definition_when_the_processor_is_scanned()
    {
        var declared = typeof(ReplayEndpoints).Assembly.GetTypes()
            .Select(t => t.GetField("InboxName", BindingFlags.Public | BindingFlags.Static))
            .Where(f => f is { IsLiteral: true })
            .Select(f => (string)f!.GetRawConstantValue()!)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.NotEmpty(declared);
        Assert.Equal(declared, ReplayEndpoints.ByQueue.Values.Select(e => e.Inbox).Order(StringComparer.Ordinal));
    }
}
