using System.Net;

namespace ComputeEngine.Orchestrator.Tests;

[Collection(ApiCollection.Name)]
public sealed class OpenApiTests(ApiFixture fixture)
{
    [Fact]
    public async Task OpenApi_document_is_served_as_json_and_describes_the_instance_routes()
    {
        using var timeout = Api.Timeout();

        var document = (await fixture.App.Http().GetReplyAsync("/openapi/v1.json", timeout.Token)).IsJson(HttpStatusCode.OK);

        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains(paths, p => p.StartsWith(Api.Instances, StringComparison.Ordinal));
        Assert.Contains(paths, p => p.StartsWith(Api.Webhooks + "/orchestrators/", StringComparison.Ordinal));
        Assert.Contains("/api/instances/{instanceId}/items", paths);
        Assert.Contains("/api/instances/{instanceId}/items/{itemId}", paths);
        Assert.Contains("/api/instances/{instanceId}/items/{itemId}/output", paths);
        Assert.Contains("/api/instances/{instanceId}/results", paths);
    }
}
