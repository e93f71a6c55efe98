namespace Messaging.Api.Security;

/// <summary>
/// The API's roles, carried in a token's <c>role</c> claim, and the policies built on them: each role may do what the one
/// before it may, and more. A viewer reads; an operator also audits and works on failed messages; an admin also moves
/// points between the platform and tenants.
/// </summary>
public static class ApiRoles
{
    public const string Viewer = "viewer";
    public const string Operator = "operator";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Viewer, Operator, Admin];

    /// <summary>Policy: any role.</summary>
    public const string CanRead = "can-read";

    /// <summary>Policy: operator or admin.</summary>
    public const string CanOperate = "can-operate";

    /// <summary>Policy: admin.</summary>
    public const string CanAdminister = "can-administer";
}
