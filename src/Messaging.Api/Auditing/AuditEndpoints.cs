using Messaging.Api.Errors;
using Messaging.Api.Security;
using Messaging.Ledger.Auditing;
using Messaging.Ledger.Chain;

namespace Messaging.Api.Auditing;

public static class AuditEndpoints
{
    public static void MapAuditEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet(
                "/api/v1/audit",
                async (string? user, bool? chain, string[]? checkpoint, LedgerAuditor auditor, CancellationToken cancellationToken) =>
                {
                    var kept = new List<ChainCheckpoint>();
                    foreach (var text in checkpoint ?? [])
                    {
                        if (!ChainCheckpoint.TryParse(text, out var parsed))
                        {
                            return BadRequest.Because(
                                $"checkpoint '{text}' is not a link: write it as {ChainCheckpoint.Format}, "
                                    + "as the audit's chain.head shows it."
                            );
                        }

                        kept.Add(parsed);
                    }

                    var verifyChain = chain == true || kept.Count > 0;
                    return Results.Ok(await auditor.AuditAsync(user, verifyChain ? kept : null, cancellationToken));
                }
            )
            .WithTags("Operations")
            .RequireAuthorization(ApiRoles.CanOperate)
            .WithSummary(
                "Every invariant the ledger promises, proved from its rows, with findings and what to do about each (CLI: audit); with "
                    + "chain=true (or a checkpoint=SEQUENCE:HASH, repeatable) also the journal's hash chain (CLI: audit --chain)."
            );
}
