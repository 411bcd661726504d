using System.Buffers.Text;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ComputeEngine.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ComputeEngine.Dashboard.Tests.Browser;

/// <summary>
/// With an Entra ID app configured, an anonymous visitor is sent to the identity provider's authorize
/// endpoint, found through the provider's discovery document. There is no Entra ID here, so a stand-in
/// serves only that document, with the members OpenID Connect Discovery 1.0 §3 requires (issuer,
/// authorization_endpoint, jwks_uri, response_types_supported, subject_types_supported,
/// id_token_signing_alg_values_supported; token_endpoint for the code flow) at the path Microsoft's
/// v2.0 endpoint uses: <c>{instance}{tenant}/v2.0/.well-known/openid-configuration</c>, and the key set its
/// <c>jwks_uri</c> names (a JSON Web Key Set, RFC 7517 §5), which the client reads with it. The sign-in itself
/// (the user at Microsoft's page, the token coming back) is Microsoft.Identity.Web's and not repeated here.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class EntraSignInTests(DashboardFixture fixture)
{
    private const string Tenant = "11111111-2222-3333-4444-555555555555";
    private const string ClientId = "66666666-7777-8888-9999-000000000000";

    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_the_Entra_ID_authorize_endpoint_of_the_configured_app()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var provider = await DiscoveryStandIn.StartAsync(Tenant, timeout.Token);
        var (dashboard, url) = await fixture.StartDashboardAsync(fixture.Engine.OrchestratorPort, new Dictionary<string, string>
        {
            ["AzureAd__Instance"] = provider.Url + "/",
            ["AzureAd__TenantId"] = Tenant,
            ["AzureAd__ClientId"] = ClientId,
            // Metadata is fetched over HTTPS only: the dashboard trusts the stand-in's own certificate alone.
            ["SSL_CERT_FILE"] = provider.CertificateFile,
        }, timeout.Token);
        await using var _ = dashboard;
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(url) };

        http.Timeout = TimeSpan.FromSeconds(30);
        Uri location;
        try
        {
            location = await RedirectAsync(http, new Uri("/jobs", UriKind.Relative), dashboard, timeout.Token);
            if (!location.IsAbsoluteUri)
            {
                // The dashboard's own sign-in route first, which challenges Entra ID.
                location = await RedirectAsync(http, location, dashboard, timeout.Token);
            }
        }
        catch (Exception e) when (e is TaskCanceledException or HttpRequestException)
        {
            throw new Xunit.Sdk.XunitException($"The dashboard did not answer: {e.Message}\n{dashboard.Output}");
        }

        Assert.Equal($"{provider.Url}/{Tenant}/oauth2/v2.0/authorize", location.GetLeftPart(UriPartial.Path));
        var query = System.Web.HttpUtility.ParseQueryString(location.Query);
        Assert.Equal(ClientId, query["client_id"]);
        // An ID token posted back: the app registration needs no secret, only ID tokens enabled (README).
        Assert.Equal("id_token", query["response_type"]);
        Assert.Equal("form_post", query["response_mode"]);
        Assert.Equal($"{url}/signin-oidc", query["redirect_uri"]);
        Assert.Contains("openid", query["scope"]!.Split(' '));
        Assert.False(string.IsNullOrEmpty(query["state"]));
        Assert.False(string.IsNullOrEmpty(query["nonce"]));
        Assert.True(provider.DiscoveryRequests > 0);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health", timeout.Token)).StatusCode);
    }

    private static async Task<Uri> RedirectAsync(HttpClient http, Uri path, ServiceProcess dashboard, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(path, cancellationToken);
        return response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location is { } location
            ? location
            : throw new Xunit.Sdk.XunitException($"GET {path} answered {(int)response.StatusCode}, not a redirect:\n{dashboard.Output[^Math.Min(4000, dashboard.Output.Length)..]}");
    }

    /// <summary>An OpenID provider's discovery document, and nothing else.</summary>
    private sealed class DiscoveryStandIn : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _discoveryRequests;

        private DiscoveryStandIn(WebApplication app, string url)
        {
            _app = app;
            Url = url;
        }

        public string Url { get; }

        /// <summary>The stand-in's self-signed certificate as PEM, for the dashboard's trust store.</summary>
        public string CertificateFile { get; private init; } = "";

        public int DiscoveryRequests => Volatile.Read(ref _discoveryRequests);

        public static async Task<DiscoveryStandIn> StartAsync(string tenant, CancellationToken cancellationToken)
        {
            var port = FreePorts.Next();
            var url = string.Create(CultureInfo.InvariantCulture, $"https://127.0.0.1:{port}");
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
            var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
            var pem = Path.Combine(Directory.CreateTempSubdirectory("oidc-").FullName, "stand-in.pem");
            await File.WriteAllTextAsync(pem, certificate.ExportCertificatePem(), cancellationToken);

            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrelHttpsConfiguration();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(certificate)));
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var standIn = new DiscoveryStandIn(app, url) { CertificateFile = pem };
            var issuer = $"{url}/{tenant}/v2.0";
            app.MapGet($"/{tenant}/v2.0/.well-known/openid-configuration", () =>
            {
                Interlocked.Increment(ref standIn._discoveryRequests);
                return Results.Json(new Dictionary<string, object>
                {
                    ["issuer"] = issuer,
                    ["authorization_endpoint"] = $"{url}/{tenant}/oauth2/v2.0/authorize",
                    ["token_endpoint"] = $"{url}/{tenant}/oauth2/v2.0/token",
                    ["jwks_uri"] = $"{url}/{tenant}/discovery/v2.0/keys",
                    ["response_types_supported"] = new[] { "code", "id_token", "code id_token", "id_token token" },
                    ["response_modes_supported"] = new[] { "query", "fragment", "form_post" },
                    ["subject_types_supported"] = new[] { "pairwise" },
                    ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
                    ["scopes_supported"] = new[] { "openid", "profile", "email", "offline_access" },
                });
            });
            var parameters = key.ExportParameters(includePrivateParameters: false);
            app.MapGet($"/{tenant}/discovery/v2.0/keys", () => Results.Json(new Dictionary<string, object>
            {
                ["keys"] = new[]
                {
                    new Dictionary<string, string>
                    {
                        ["kty"] = "RSA",
                        ["use"] = "sig",
                        ["kid"] = "stand-in",
                        ["n"] = Base64Url.EncodeToString(parameters.Modulus),
                        ["e"] = Base64Url.EncodeToString(parameters.Exponent),
                    },
                },
            }));
            await app.StartAsync(cancellationToken);
            return standIn;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
