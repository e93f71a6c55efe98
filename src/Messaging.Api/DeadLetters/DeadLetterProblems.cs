using Messaging.Operations.Broker;

namespace Messaging.Api.DeadLetters;

public static class DeadLetterProblems
{
    public static IResult Of(BrokerProblemException problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var (status, title) = problem.Kind switch
        {
            BrokerProblemKind.Usage => (StatusCodes.Status400BadRequest, "The request is not valid"),
            BrokerProblemKind.NotFound => (StatusCodes.Status404NotFound, "Not found"),
            BrokerProblemKind.Refused => (StatusCodes.Status409Conflict, "Not done"),
            BrokerProblemKind.Forbidden => (StatusCodes.Status403Forbidden, "Your role may not do this"),
            _ => (StatusCodes.Status503ServiceUnavailable, "The broker cannot be used now"),
        };
        return Results.Problem(title: title, detail: problem.Message, statusCode: status);
    }
}
