namespace Messaging.Api.Errors;

public static class BadRequest
{
    public static IResult Because(string detail) =>
        Results.Problem(title: "The request is not valid", detail: detail, statusCode: StatusCodes.Status400BadRequest);

    public static IResult NotFound(string detail) =>
        Results.Problem(title: "Not found", detail: detail, statusCode: StatusCodes.Status404NotFound);

    /// <returns>Null when <paramref name="value"/> is within 1..<paramref name="max"/>, else the 400 naming it.</returns>
    public static IResult? UnlessBetween(int value, int max, string name) =>
        value < 1 || value > max ? Because($"{name} must be between 1 and {max} (got {value}).") : null;
}
