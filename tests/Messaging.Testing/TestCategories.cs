namespace Messaging.Testing;

/// <summary>
/// The trait that sorts the suite: fault tests (crash loops, broker and database restarts, containers, docker-compose)
/// take most of its time and are left out of `bash eng/test.sh --fast`, which filters on <c>Category!=Fault</c>.
/// </summary>
public static class TestCategories
{
    public const string Key = "Category";

    public const string Fault = "Fault";
}
