using System.Net;

namespace ComputeEngine.Orchestrator.Tests;

[Collection(ApiCollection.Name)]
public sealed class ApiKeyTests(ApiFixture fixture)
{
    private const string Unknown = "keyed-unknown";
    private readonly HttpClient _http = fixture.Keyed.Http();

    public static TheoryData<string, string> Endpoints => new()
    {
        { "POST", Api.SeedRoute + "?inputCount=1" },
        { "POST", Api.StartRoute },
        { "POST", Api.StartRoute + "/" + Api.NewId("keyed") },
        { "GET", $"{Api.Instances}/{Unknown}" },
        { "GET", Api.Instances },
        { "GET", Api.Instances + "/" },
        { "POST", $"{Api.Instances}/{Unknown}/raiseEvent/approval" },
        { "POST", $"{Api.Instances}/{Unknown}/terminate?reason=x" },
        { "POST", $"{Api.Instances}/{Unknown}/suspend" },
        { "POST", $"{Api.Instances}/{Unknown}/resume" },
        { "POST", $"{Api.Instances}/{Unknown}/rewind" },
        { "POST", $"{Api.Instances}/{Unknown}/restart" },
        { "DELETE", $"{Api.Instances}/{Unknown}" },
        { "DELETE", $"{Api.Instances}?createdTimeFrom=2999-01-01T00:00:00Z" },
        { "GET", $"/api/instances/{Unknown}/items" },
        { "GET", $"/api/instances/{Unknown}/items/0" },
        { "GET", $"/api/instances/{Unknown}/items/0/output" },
        { "GET", $"/api/instances/{Unknown}/results" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Without_the_key_every_endpoint_is_401(string method, string path)
    {
        using var timeout = Api.Timeout();

        var reply = await SendAsync(method, path, timeout.Token);

        reply.IsProblem(HttpStatusCode.Unauthorized, "x-functions-key");
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task A_wrong_key_is_401(string method, string path)
    {
        using var timeout = Api.Timeout();

        var header = await SendAsync(method, path, timeout.Token, r => r.Headers.Add("x-functions-key", "wrong"));
        var query = await SendAsync(method, WithCode(path, ApiFixture.ApiKey + "x"), timeout.Token);

        header.IsProblem(HttpStatusCode.Unauthorized);
        query.IsProblem(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task The_key_in_the_code_parameter_is_accepted(string method, string path)
    {
        using var timeout = Api.Timeout();

        var reply = await SendAsync(method, WithCode(path, ApiFixture.ApiKey), timeout.Token);

        Assert.True(reply.Code is >= 200 and < 500 and not 401, reply.Describe);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task The_key_in_the_x_functions_key_header_is_accepted(string method, string path)
    {
        using var timeout = Api.Timeout();

        var reply = await SendAsync(method, path, timeout.Token, r => r.Headers.Add("x-functions-key", ApiFixture.ApiKey));

        Assert.True(reply.Code is >= 200 and < 500 and not 401, reply.Describe);
    }

    [Fact]
    public async Task Check_status_links_carry_the_key_and_work_as_given()
    {
        using var timeout = Api.Timeout();

        var started = await SendAsync("POST", WithCode(Api.SeedRoute + "?inputCount=1", ApiFixture.ApiKey), timeout.Token);

        var body = started.IsJson(HttpStatusCode.Accepted);
        foreach (var field in CheckStatusLinks.Fields)
        {
            Assert.Contains("code=" + Uri.EscapeDataString(ApiFixture.ApiKey), body.GetProperty(field).GetString(), StringComparison.Ordinal);
        }

        var status = await _http.GetReplyAsync(body.GetProperty("statusQueryGetUri").GetString()!, timeout.Token);
        Assert.Equal(body.GetProperty("id").GetString(), status.IsJson(HttpStatusCode.Accepted).GetProperty("instanceId").GetString());
        var terminate = body.GetProperty("terminatePostUri").GetString()!.Replace("{text}", "done", StringComparison.Ordinal);
        (await _http.PostReplyAsync(terminate, timeout.Token)).Is(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task A_running_jobs_status_Location_does_not_echo_the_key()
    {
        using var timeout = Api.Timeout();
        var started = await SendAsync("POST", WithCode(Api.SeedRoute + "?inputCount=1", ApiFixture.ApiKey), timeout.Token);
        var id = started.IsJson(HttpStatusCode.Accepted).GetProperty("id").GetString()!;

        var status = await SendAsync("GET", WithCode($"{Api.Instances}/{id}?showInput=false", ApiFixture.ApiKey), timeout.Token);

        status.Is(HttpStatusCode.Accepted);
        var location = status.Headers.Location!.OriginalString;
        Assert.DoesNotContain("code=", location, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Uri.EscapeDataString(ApiFixture.ApiKey), location, StringComparison.Ordinal);
        Assert.EndsWith($"{Api.Instances}/{id}?showInput=false", location, StringComparison.Ordinal);
        var followed = await SendAsync("GET", location, timeout.Token, r => r.Headers.Add("x-functions-key", ApiFixture.ApiKey));
        Assert.Equal(id, followed.IsJson(HttpStatusCode.Accepted).GetProperty("instanceId").GetString());
        (await SendAsync("POST", WithCode($"{Api.Instances}/{id}/terminate?reason=done", ApiFixture.ApiKey), timeout.Token)).Is(HttpStatusCode.Accepted);
    }

    private static string WithCode(string path, string key) =>
        path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "code=" + Uri.EscapeDataString(key);

    private Task<Reply> SendAsync(string method, string path, CancellationToken cancellationToken, Action<HttpRequestMessage>? configure = null) =>
        _http.CallAsync(new HttpMethod(method), path, cancellationToken,
            method == "POST" ? Api.Json(path.Contains("raiseEvent", StringComparison.Ordinal) ? "1" : path.StartsWith(Api.StartRoute, StringComparison.Ordinal) ? """{"inputCount":1}""" : "{}") : null,
            configure);
}
