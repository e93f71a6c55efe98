namespace Messaging.Api.Security;

// Each role may do what the one before it may, and more: a viewer reads; an operator also audits and works on failed messages; an
// admin also moves points between the platform and tenants.
public static class ApiRoles
{
    public const string Viewer = "viewer";
    public const string Operator = "operator";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Viewer, Operator, Admin];

    public const string CanRead = "can-read";

    /// <summary>Operator or admin.</summary>
    public const string CanOperate = "can-operate";

    public const string CanAdminister = "can-administer";
}
