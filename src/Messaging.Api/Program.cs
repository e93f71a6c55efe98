using Messaging.Api;
using Messaging.Api.Security;
using Microsoft.Extensions.Options;

// Usage: Messaging.Api                                          serve the API (Api:Urls, default http://127.0.0.1:5080)
//        Messaging.Api token --subject NAME --role ROLE [--hours H]   print a development token signed with Api:Jwt:SigningKey
if (args.Length > 0 && args[0] == "token")
{
    return TokenCommand.Run(args[1..]);
}

try
{
    await using var app = ApiApp.Build(args);
    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException ex)
{
    await Console.Error.WriteLineAsync("Configuration is invalid: " + string.Join(" ", ex.Failures));
    return 2;
}
