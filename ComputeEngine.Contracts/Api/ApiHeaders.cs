namespace ComputeEngine.Contracts.Api;

/// <summary>The HTTP headers the API reads and writes besides the standard ones.</summary>
public static class ApiHeaders
{
    /// <summary>The API key, as Durable Functions names it (the <c>code</c> query parameter also works).</summary>
    public const string FunctionsKey = "x-functions-key";

    /// <summary>The token of the next page of a list, in the response and in the request for that page.</summary>
    public const string ContinuationToken = "x-ms-continuation-token";
}
