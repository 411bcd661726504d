namespace ComputeEngine.Deploy.Tests.Support;

/// <summary>Placeholder azd environment values: main.bicep's outputs, and each image azd pushed.</summary>
public static class AzdEnvironment
{
    public const string EventGridWebhookKey = "0123456789abcdef0123456789abcdef0123456789abcdef";

    public static string ClientId(string identity) => identity switch
    {
        "orchestrator" => "11111111-1111-1111-1111-111111111111",
        "worker" => "22222222-2222-2222-2222-222222222222",
        "dashboard" => "33333333-3333-3333-3333-333333333333",
        "keda" => "44444444-4444-4444-4444-444444444444",
        _ => throw new ArgumentOutOfRangeException(nameof(identity)),
    };

    public static string Image(string service) => $"crabc123.azurecr.io/computeengine/{service}-test:azd-deploy-1764700000";

    public const string ApplicationInsights =
        "InstrumentationKey=55555555-5555-5555-5555-555555555555;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/";

    /// <summary>After `azd provision` and the image pushes of every service.</summary>
    public static Dictionary<string, string> Deployed(bool eventGrid = false)
    {
        var environment = new Dictionary<string, string>
        {
            ["AZURE_ENV_NAME"] = "test",
            ["AZURE_STORAGE_ACCOUNT_NAME"] = "stabc123",
            ["AZURE_STORAGE_BLOB_ENDPOINT"] = "https://stabc123.blob.core.windows.net/",
            ["AZURE_ORCHESTRATOR_IDENTITY_CLIENT_ID"] = ClientId("orchestrator"),
            ["AZURE_WORKER_IDENTITY_CLIENT_ID"] = ClientId("worker"),
            ["AZURE_DASHBOARD_IDENTITY_CLIENT_ID"] = ClientId("dashboard"),
            ["AZURE_KEDA_IDENTITY_CLIENT_ID"] = ClientId("keda"),
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = ApplicationInsights,
        };
        foreach (var service in new[] { "orchestrator", "worker", "dashboard" })
        {
            environment[$"SERVICE_{service.ToUpperInvariant()}_IMAGE_NAME"] = Image(service);
        }

        if (eventGrid)
        {
            environment["AZURE_EVENT_GRID_ENABLED"] = "true";
            environment["AZURE_ORCHESTRATOR_PUBLIC_HOST"] = ChartVariants.EventGridHost;
            environment["AZURE_EVENT_GRID_WEBHOOK_KEY"] = EventGridWebhookKey;
        }

        return environment;
    }
}
