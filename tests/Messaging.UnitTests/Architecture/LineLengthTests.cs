namespace Messaging.UnitTests.Architecture;

/// <summary>
/// <c>max_line_length = 140</c> in .editorconfig, honoured: CSharpier (<c>dotnet csharpier format .</c>) wraps code at
/// 140 columns, but not strings and comments, which this test holds to it.
/// </summary>
public sealed class LineLengthTests
{
    private const int MaxLineLength = 140;

    [Fact]
    public void Should_keep_every_line_within_140_columns_when_the_sources_are_scanned()
    {
        var longLines = new[] { "src", "tests", "contracts", "bench" }
            .SelectMany(folder =>
                RepositoryPaths.LinesMatching(Path.Combine(RepositoryPaths.Root(), folder), new(@"^.{" + (MaxLineLength + 1) + ",}$"))
            )
            .ToList();

        Assert.True(
            longLines.Count == 0,
            $"{longLines.Count} line(s) longer than {MaxLineLength} columns (wrap them; CSharpier wraps code):\n"
                + string.Join("\n", longLines)
        );
    }
}
