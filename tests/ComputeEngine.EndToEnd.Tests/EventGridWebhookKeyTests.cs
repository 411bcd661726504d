using System.Net;
using System.Text;
using System.Text.Json;
using ComputeEngine.Testing;

namespace ComputeEngine.EndToEnd.Tests;

/// <summary>
/// The subscription validation handshakes as Event Grid sends them to an orchestrator with an API key and a
/// webhook key set, at the URL the Bicep subscribes (<see cref="EventGridSubscription"/>). Event Grid schema:
/// a POST of a Microsoft.EventGrid.SubscriptionValidationEvent with <c>aeg-event-type: SubscriptionValidation</c>,
/// answered with <c>{"validationResponse": code}</c> (learn.microsoft.com/azure/event-grid/end-point-validation-event-grid-events-schema).
/// CloudEvents: an OPTIONS with <c>WebHook-Request-Origin</c>, answered with <c>WebHook-Allowed-Origin</c>
/// (learn.microsoft.com/azure/event-grid/end-point-validation-cloud-events-schema).
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class EventGridWebhookKeyTests(AzuriteFixture storage)
{
    private const string ApiKey = "api-key-for-the-rest-of-the-api-0123456789";
    private const string WebhookKey = "0123456789abcdef0123456789abcdef0123456789abcdef";

    private static readonly Uri Subscribed = EventGridSubscription.EndpointUrl(new Dictionary<string, string>
    {
        ["AZURE_ORCHESTRATOR_PUBLIC_HOST"] = "compute.example.com",
        ["AZURE_EVENT_GRID_WEBHOOK_KEY"] = WebhookKey,
    });

    [Fact]
    public async Task Both_handshakes_at_the_subscribed_URL_are_answered_and_without_its_key_rejected()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await using var engine = new Engine(storage);
        engine.Settings["Orchestrator__ApiKey"] = ApiKey;
        engine.Settings["EventGrid__WebhookKey"] = WebhookKey;
        await engine.StartOrchestratorAsync(timeout.Token);
        using var client = engine.Client();
        var withKey = Subscribed.PathAndQuery;
        var withoutKey = Subscribed.AbsolutePath;
        var withApiKey = $"{Subscribed.AbsolutePath}?code={ApiKey}";

        using var validated = await ValidateAsync(client.Http, withKey, "code-123", timeout.Token);
        using var handshake = await OptionsAsync(client.Http, withKey, timeout.Token);

        Assert.Equal("?code=" + WebhookKey, Subscribed.Query);
        Assert.Equal(HttpStatusCode.OK, validated.StatusCode);
        Assert.Equal("code-123", JsonDocument.Parse(await validated.Content.ReadAsStringAsync(timeout.Token)).RootElement.GetProperty("validationResponse").GetString());
        Assert.Equal(HttpStatusCode.OK, handshake.StatusCode);
        Assert.Equal("eventgrid.azure.net", handshake.Headers.GetValues("WebHook-Allowed-Origin").Single());
        foreach (var rejected in new[] { withoutKey, withApiKey, $"{Subscribed.AbsolutePath}?code={WebhookKey}x" })
        {
            using var post = await ValidateAsync(client.Http, rejected, "code-456", timeout.Token);
            using var options = await OptionsAsync(client.Http, rejected, timeout.Token);
            Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, options.StatusCode);
            Assert.DoesNotContain("code-456", await post.Content.ReadAsStringAsync(timeout.Token), StringComparison.Ordinal);
            Assert.False(options.Headers.Contains("WebHook-Allowed-Origin"));
        }

        // The webhook key opens the webhook only: the API still wants the API key.
        using var api = await client.Http.GetAsync($"/runtime/webhooks/durabletask/instances?code={WebhookKey}", timeout.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Contains(engine.Orchestrator!.Lines, line => line.Contains("Event Grid webhook POST rejected", StringComparison.Ordinal));
        Assert.DoesNotContain(engine.Orchestrator.Lines, line => line.Contains(WebhookKey, StringComparison.Ordinal));
    }

    private static Task<HttpResponseMessage> ValidateAsync(HttpClient http, string pathAndQuery, string code, CancellationToken cancellationToken)
    {
        var validation = $$"""[{"id":"{{Guid.NewGuid()}}","topic":"/subscriptions/s/resourceGroups/r/providers/Microsoft.Storage/storageAccounts/stabc123","subject":"","data":{"validationCode":"{{code}}","validationUrl":"https://rp-westeurope.eventgrid.azure.net:553/eventsubscriptions/output-blob-created/validate?id={{code}}"},"eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","eventTime":"2026-12-02T10:00:00Z","metadataVersion":"1","dataVersion":"2"}]""";
        var request = new HttpRequestMessage(HttpMethod.Post, pathAndQuery)
        {
            Content = new StringContent(validation, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("aeg-event-type", "SubscriptionValidation");
        return SendAsync(http, request, cancellationToken);
    }

    private static Task<HttpResponseMessage> OptionsAsync(HttpClient http, string pathAndQuery, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, pathAndQuery);
        request.Headers.Add("WebHook-Request-Origin", "eventgrid.azure.net");
        return SendAsync(http, request, cancellationToken);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            return await http.SendAsync(request, cancellationToken);
        }
    }
}
