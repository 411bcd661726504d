using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace ComputeEngine.Orchestrator.Tests;

/// <summary>A response read in full, with the assertions every contract test makes.</summary>
public sealed record Reply(HttpStatusCode Status, string? MediaType, HttpResponseHeaders Headers, string Text)
{
    public int Code => (int)Status;

    public JsonElement Json => Text.Length == 0
        ? throw new Xunit.Sdk.XunitException($"{Code} has an empty body")
        : JsonDocument.Parse(Text).RootElement.Clone();

    public string Describe => $"{Code} {MediaType}: {(Text.Length > 400 ? Text[..400] + "…" : Text)}";

    public Reply Is(HttpStatusCode expected)
    {
        Assert.True(Status == expected, $"Expected {(int)expected}, got {Describe}");
        return this;
    }

    public JsonElement IsJson(HttpStatusCode expected)
    {
        Is(expected);
        Assert.True(MediaType == "application/json", $"Expected application/json, got {Describe}");
        return Json;
    }

    /// <summary>An <c>application/problem+json</c> answer with the code and a title or detail that names the problem.</summary>
    public JsonElement IsProblem(HttpStatusCode expected, string? mentions = null) => IsProblem([(int)expected], mentions);

    public JsonElement IsProblem(IReadOnlyCollection<int> expected, string? mentions = null)
    {
        Assert.True(expected.Contains(Code), $"Expected {string.Join(" or ", expected)}, got {Describe}");
        Assert.True(MediaType == "application/problem+json", $"Expected application/problem+json, got {Describe}");
        var problem = Json;
        var title = problem.TryGetProperty("title", out var t) ? t.GetString() ?? "" : "";
        var detail = problem.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : "";
        Assert.True(title.Length + detail.Length > 0, $"The problem names nothing: {Text}");
        if (problem.TryGetProperty("status", out var status))
        {
            Assert.Equal(Code, status.GetInt32());
        }

        if (mentions is not null)
        {
            Assert.True(
                title.Contains(mentions, StringComparison.OrdinalIgnoreCase) || detail.Contains(mentions, StringComparison.OrdinalIgnoreCase),
                $"Expected the problem to mention '{mentions}': {Text}");
        }

        return problem;
    }

    public string? Header(string name) =>
        Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
