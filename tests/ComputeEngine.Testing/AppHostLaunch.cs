using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace ComputeEngine.Testing;

/// <summary>Starting the AppHost's build as its own process, as `dotnet run` would, and reading its <c>GET /status</c>.</summary>
public static class AppHostLaunch
{
    public static ProcessStartInfo StartInfo(string appHostDll, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot.Path };
        info.ArgumentList.Add(appHostDll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // What the AppHost's launch profile gives `dotnet run`: an Aspire dashboard without a dev certificate.
        info.Environment["DOTNET_ENVIRONMENT"] = "Development";
        info.Environment["ASPNETCORE_URLS"] = Localhost(FreePorts.Next());
        info.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = Localhost(FreePorts.Next());
        info.Environment["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = Localhost(FreePorts.Next());
        info.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        return info;
    }

    /// <summary>Polls the AppHost's <c>GET /status</c> (worker replicas, the scaler's decisions) until <paramref name="condition"/> holds.</summary>
    public static async Task<JsonElement> WaitForStatusAsync(
        HttpClient http, int statusPort, Process appHost, Func<JsonElement, bool> condition, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (appHost.HasExited)
            {
                throw new InvalidOperationException($"The AppHost exited early with code {appHost.ExitCode}.");
            }

            try
            {
                var status = await http.GetFromJsonAsync<JsonElement>(new Uri(Localhost(statusPort) + "/status"), cancellationToken);
                if (condition(status))
                {
                    return status;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(250, cancellationToken);
        }
    }

    public static string Localhost(int port) => string.Create(CultureInfo.InvariantCulture, $"http://localhost:{port}");
}
