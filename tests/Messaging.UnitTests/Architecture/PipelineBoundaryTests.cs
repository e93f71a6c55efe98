using System.Text.RegularExpressions;

namespace Messaging.UnitTests.Architecture;

/// <summary>
/// The processor's pipeline (transactions, inbox, outbox, the gate, parking, faults, hosting) knows no feature: a feature's
/// consumer, rules or messages used there would tie every feature to it. Fails naming the line.
/// </summary>
public sealed partial class PipelineBoundaryTests
{
    [Fact]
    public void Should_find_no_feature_in_the_pipeline_when_its_files_are_scanned()
    {
        var pipeline = Path.Combine(RepositoryPaths.Root(), "src", "Messaging.Processing", "Pipeline");
        var offences = RepositoryPaths.LinesMatching(pipeline, FeatureNamespace());

        Assert.NotEmpty(Directory.EnumerateFiles(pipeline, "*.cs", SearchOption.AllDirectories));
        Assert.True(
            offences.Count == 0,
            "The pipeline uses a feature (move the code into the feature's folder):\n" + string.Join("\n", offences)
        );
    }

    [Fact]
    public void Should_recognise_a_feature_when_a_line_uses_one()
    {
        Assert.Matches(FeatureNamespace(), "using Messaging.Processing.Redemptions;");
        Assert.Matches(FeatureNamespace(), "using Messaging.Contracts.Earning;");
        Assert.Matches(FeatureNamespace(), "var x = new Messaging.Ledger.Tenants.RecognitionRequest(a, b);");
        Assert.DoesNotMatch(FeatureNamespace(), "using Messaging.Processing.Pipeline.Outbox;");
        Assert.DoesNotMatch(FeatureNamespace(), "using Messaging.Ledger.Writing;");
        Assert.DoesNotMatch(FeatureNamespace(), "using Messaging.Contracts.Gate;");
    }

    [GeneratedRegex(
        @"\bMessaging\.(
            Processing\.(Earning|Redemptions|Fulfilment|Tenants|Quotas|Attendance)
            |Contracts\.(Earning|Redemption|Tenants|Quotas|Attendance)
            |Ledger\.(Earning|Redemptions|Rewards|Fulfilment|Tenants|Quotas|Attendance))\b",
        RegexOptions.CultureInvariant | RegexOptions.IgnorePatternWhitespace
    )]
    private static partial Regex FeatureNamespace();
}
