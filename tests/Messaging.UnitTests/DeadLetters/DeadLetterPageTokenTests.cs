using Messaging.Operations.DeadLetters;

namespace Messaging.UnitTests.DeadLetters;

public sealed class DeadLetterPageTokenTests
{
    [Theory]
    [InlineData("ledger-order-completed_error", "0b0b0b0b-0000-0000-0000-000000000001", 100)]
    [InlineData("a queue/with:odd+chars", null, 1)]
    public void Should_read_back_what_it_wrote_in_url_safe_text(string queue, string? messageId, int index)
    {
        var token = new DeadLetterPageToken(queue, messageId, index);

        var text = token.Encode();

        Assert.Matches("^[A-Za-z0-9_-]+$", text);
        Assert.True(DeadLetterPageToken.TryDecode(text, out var read));
        Assert.Equal(token, read);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a token!")]
    [InlineData("MTAw")] // "100": no queue
    [InlineData("MApxCmlk")] // "0\nq\nid": a place before the first
    [InlineData("eApxCmlk")] // "x\nq\nid": no place
    public void Should_refuse_text_that_is_not_a_token(string text)
    {
        Assert.False(DeadLetterPageToken.TryDecode(text, out var token));
        Assert.Null(token);
    }
}
