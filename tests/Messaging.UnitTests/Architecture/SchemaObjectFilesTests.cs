using System.Text.RegularExpressions;
using Messaging.Ledger.Persistence.Schema;

namespace Messaging.UnitTests.Architecture;

/// <summary>
/// Each function, trigger and view has one current definition, in the file named after it: no migration creates one,
/// and no file creates anything but its own object.
/// </summary>
public sealed partial class SchemaObjectFilesTests
{
    [Fact]
    public void Should_create_exactly_the_object_its_file_is_named_after_when_each_file_is_read()
    {
        Assert.NotEmpty(SchemaObjects.All);
        foreach (var schemaObject in SchemaObjects.All)
        {
            var created = CreatedObjects()
                .Matches(schemaObject.Sql)
                .Select(m => (Kind: m.Groups["kind"].Value.ToUpperInvariant(), Name: m.Groups["name"].Value))
                .ToList();
            var expectedKind = schemaObject.Kind switch
            {
                "Functions" => "FUNCTION",
                "Triggers" => "TRIGGER",
                "Views" => "VIEW",
                _ => schemaObject.Kind,
            };

            Assert.True(
                created.Count == 1 && created[0] == (expectedKind, schemaObject.Name),
                $"{schemaObject.Kind}/{schemaObject.Name}.sql must create the "
                    + $"{expectedKind.ToLowerInvariant()} {schemaObject.Name} and nothing else; it creates "
                    + $"{string.Join(", ", created)}"
            );
        }
    }

    [Fact]
    public void Should_apply_functions_before_the_triggers_that_call_them_when_the_order_is_read()
    {
        var kinds = SchemaObjects.All.Select(o => o.Kind).Distinct().ToList();

        Assert.Equal(["Functions", "Views", "Triggers"], kinds);
    }

    [Fact]
    public void Should_leave_every_function_trigger_and_view_to_its_file_when_the_migrations_are_scanned()
    {
        var migrations = Path.Combine(RepositoryPaths.Root(), "src", "Messaging.Ledger", "Persistence", "Migrations");

        var offences = RepositoryPaths.LinesMatching(migrations, CreatedObjects());

        Assert.True(
            offences.Count == 0,
            "Functions, triggers and views are defined in Persistence/Schema, one file each, not in migrations:\n"
                + string.Join("\n", offences)
        );
    }

    [GeneratedRegex(
        @"\bCREATE\s+(?:OR\s+REPLACE\s+)?(?:CONSTRAINT\s+)?(?<kind>FUNCTION|TRIGGER|VIEW)\s+(?<name>\w+)",
        RegexOptions.IgnoreCase
    )]
    private static partial Regex CreatedObjects();
}
