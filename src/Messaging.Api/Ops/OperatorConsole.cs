using Microsoft.Extensions.FileProviders;

namespace Messaging.Api.Ops;

// A static page (no build step) from api/ops/ beside the binaries. It holds no data and needs no login to load; everything it shows
// comes from the API with the operator's bearer token, so it can do exactly what that token's role may.
public static class OperatorConsole
{
    public const string Path = "/ops";

    // The page loads only its own files and talks only to this API; dead-letter bodies are untrusted text.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src "
        + "'self' data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    public static void MapOperatorConsole(this WebApplication app)
    {
        var files = new PhysicalFileProvider(System.IO.Path.Combine(ApiApp.SettingsDirectory, "ops"));
        app.MapGet("/", () => Results.Redirect(Path + "/")).ExcludeFromDescription();
        app.UseFileServer(
            new FileServerOptions
            {
                FileProvider = files,
                RequestPath = Path,
                StaticFileOptions =
                {
                    OnPrepareResponse = context =>
                    {
                        var headers = context.Context.Response.Headers;
                        headers.ContentSecurityPolicy = ContentSecurityPolicy;
                        headers.XContentTypeOptions = "nosniff";
                        headers.CacheControl = "no-cache";
                    },
                },
            }
        );
    }
}
