using System.ComponentModel.DataAnnotations;
using System.Text;

namespace Messaging.Api.Security;

// There is no default signing key: a key that shipped with the code would let anyone who read it mint an admin's token. bash eng/run.sh
// makes a random one per machine.
public sealed class JwtOptions : IValidatableObject
{
    public const string Section = "Api:Jwt";

    /// <summary>HMAC-SHA256, at least 32 characters (environment: Api__Jwt__SigningKey).</summary>
    public string SigningKey { get; set; } = "";

    public string Issuer { get; set; } = "points-ledger";

    public string Audience { get; set; } = "points-ledger-api";

    public byte[] KeyBytes => Encoding.UTF8.GetBytes(SigningKey);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Encoding.UTF8.GetByteCount(SigningKey ?? "") < 32)
        {
            yield return new ValidationResult(
                "Api:Jwt:SigningKey is missing or shorter than 32 characters. Set Api__Jwt__SigningKey to a long random secret "
                    + "(for example `openssl rand -base64 48`); `bash eng/run.sh` makes one in .artifacts/api-signing-key.",
                [nameof(SigningKey)]
            );
        }
    }
}
