using System.Reflection;
using Refit;

namespace ComputeEngine.Contracts.Api;

/// <summary>Creates the typed client of the API over an <see cref="HttpClient"/> whose base address is the orchestrator.</summary>
public static class OrchestratorApi
{
    private static readonly RefitSettings Settings = new(new SystemTextJsonContentSerializer(ApiJsonContext.Default.Options), new ApiUrlFormatter())
    {
        // A refused connection or a timeout stays the exception HttpClient threw: callers tell those apart.
        TransportExceptionFactory = (_, exception, _) => exception,
    };

    /// <summary>The client.</summary>
    /// <param name="http">Sends the requests; its base address (and any path in it) is the orchestrator's.</param>
    /// <returns>The typed client.</returns>
    public static IOrchestratorApi Create(HttpClient http) => RestService.For<IOrchestratorApi>(http, Settings);

    /// <summary>Query values as the API spells them: <c>true</c>/<c>false</c>, not .NET's <c>True</c>.</summary>
    private sealed class ApiUrlFormatter : DefaultUrlParameterFormatter
    {
        public override string? Format(object? parameterValue, ICustomAttributeProvider attributeProvider, Type type) =>
            parameterValue is bool flag ? (flag ? "true" : "false") : base.Format(parameterValue, attributeProvider, type);
    }
}
