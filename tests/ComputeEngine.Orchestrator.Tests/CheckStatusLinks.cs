using System.Net;

namespace ComputeEngine.Orchestrator.Tests;

/// <summary>The shape of Durable Functions' check-status payload, as a client following its links relies on it.</summary>
public static class CheckStatusLinks
{
    public static readonly string[] Fields =
    [
        "statusQueryGetUri", "sendEventPostUri", "terminatePostUri", "rewindPostUri",
        "purgeHistoryDeleteUri", "restartPostUri", "suspendPostUri", "resumePostUri",
    ];

    public static void AssertValid(Reply reply, string id, string origin)
    {
        var body = reply.IsJson(HttpStatusCode.Accepted);
        Assert.Equal(id, body.GetProperty("id").GetString());
        var instance = $"{origin}{Api.Instances}/{Uri.EscapeDataString(id)}";
        foreach (var field in Fields)
        {
            var value = body.GetProperty(field).GetString()!;
            Assert.True(Uri.TryCreate(value, UriKind.Absolute, out _), $"{field} is not absolute: {value}");
            Assert.StartsWith(instance, value, StringComparison.Ordinal);
        }

        var status = body.GetProperty("statusQueryGetUri").GetString()!;
        Assert.StartsWith(instance + "?", status, StringComparison.Ordinal);
        Assert.Equal(status, body.GetProperty("purgeHistoryDeleteUri").GetString());
        Assert.StartsWith(instance + "/raiseEvent/{eventName}?", body.GetProperty("sendEventPostUri").GetString(), StringComparison.Ordinal);
        Assert.StartsWith(instance + "/terminate?reason={text}", body.GetProperty("terminatePostUri").GetString(), StringComparison.Ordinal);
        Assert.StartsWith(instance + "/rewind?reason={text}", body.GetProperty("rewindPostUri").GetString(), StringComparison.Ordinal);
        Assert.StartsWith(instance + "/suspend?reason={text}", body.GetProperty("suspendPostUri").GetString(), StringComparison.Ordinal);
        Assert.StartsWith(instance + "/resume?reason={text}", body.GetProperty("resumePostUri").GetString(), StringComparison.Ordinal);
        Assert.StartsWith(instance + "/restart?", body.GetProperty("restartPostUri").GetString(), StringComparison.Ordinal);
        Assert.Equal(status, reply.Headers.Location?.OriginalString);
        Assert.NotNull(reply.Headers.RetryAfter);
    }
}
