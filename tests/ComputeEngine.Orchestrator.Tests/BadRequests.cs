namespace ComputeEngine.Orchestrator.Tests;

/// <summary>
/// One malformed request of the catalogue. <c>{job}</c> in the path stands for a running job that the
/// request must leave untouched; <see cref="Limited"/> sends it to an orchestrator with tiny limits.
/// <see cref="RefusedByKestrel"/> marks requests Kestrel answers itself (a NUL in the request target) before any
/// middleware runs, so the body cannot be a problem document; only the status code is checked.
/// </summary>
public sealed record BadRequest(
    string Name,
    string Method,
    string Path,
    int[] Expected,
    string? Mentions = null,
    string? Body = null,
    string? ContentType = "application/json",
    bool Chunked = false,
    bool Limited = false,
    string? ContinuationToken = null,
    bool RefusedByKestrel = false);

/// <summary>The bad-input catalogue of issue 4: every way a request can be wrong, and the 4xx it earns.</summary>
public static class BadRequests
{
    private const int BadRequest = 400;
    private const string Start = Api.StartRoute;
    private const string Seed = Api.SeedRoute;
    private const string Instances = Api.Instances;
    private static readonly string Long101 = new('a', 101);
    private static readonly string LongReason = new('r', 1025);
    private static readonly string LongNonAsciiReason = Uri.EscapeDataString(new string('é', 1025));

    public static IReadOnlyList<BadRequest> All { get; } =
    [
        // inputCount on the seed's route
        Query("inputCount is not a number", $"{Seed}?inputCount=abc", "inputCount"),
        Query("inputCount is negative", $"{Seed}?inputCount=-1", "inputCount"),
        Query("inputCount is zero", $"{Seed}?inputCount=0", "inputCount"),
        Query("inputCount is beyond the item limit", $"{Seed}?inputCount=1000001", "inputCount"),
        Query("inputCount overflows an int", $"{Seed}?inputCount=99999999999999999999", "inputCount"),
        Query("inputCount is a fraction", $"{Seed}?inputCount=1.5", "inputCount"),
        Query("inputCount is in exponent form", $"{Seed}?inputCount=1e3", "inputCount"),
        Query("inputCount is empty", $"{Seed}?inputCount=", "inputCount"),
        Query("inputCount is padded with spaces", $"{Seed}?inputCount=%205", "inputCount"),
        Query("start has no input at all", Seed, "inputCount"),

        // the start body
        Post("body is truncated JSON", Start, """{"inputs":[1,2""", "JSON"),
        Post("body is not JSON", Start, "not json at all", "JSON"),
        Post("body nests deeper than JSON allows", Start, new string('[', 200) + new string(']', 200), "JSON"),
        Post("body has a trailing comma", Start, """{"inputCount":1,}""", "JSON"),
        Post("body is a JSON string", Start, "\"hello\"", "body"),
        Post("body is a JSON number", Start, "42", "body"),
        Post("body is an empty object", Start, "{}", "inputCount"),
        Post("body is JSON null", Start, "null", "inputCount"),
        new("body is text/plain", "POST", Start, [415], "JSON", """{"inputCount":1}""", "text/plain"),
        new("body is XML", "POST", Start, [415], "JSON", "<inputCount>1</inputCount>", "application/xml"),
        new("body is a form", "POST", Start, [415], "JSON", "inputCount=1", "application/x-www-form-urlencoded"),
        Post("inputs is empty", Start, """{"inputs":[]}""", "inputs"),
        Post("inputs is a string", Start, """{"inputs":"abc"}""", "inputs"),
        Post("inputs is an object", Start, """{"inputs":{"a":1}}""", "inputs"),
        Post("inputs is null", Start, """{"inputs":null}""", "inputs"),
        Post("inputCount and inputs together", Start, """{"inputCount":2,"inputs":[1,2]}""", "inputs"),
        Post("inputs and inputBlobPrefix together", Start, """{"inputs":[1],"inputBlobPrefix":"data/"}""", "inputs"),
        Post("inputCount in the query and inputs in the body", $"{Seed}?inputCount=2", """{"inputs":[1,2]}""", "inputs"),
        Post("inputCount twice with different values", $"{Seed}?inputCount=2", """{"inputCount":3}""", "inputCount"),
        Post("inputCount in the body is a word", Start, """{"inputCount":"five"}""", "body"),
        Post("inputCount in the body is a fraction", Start, """{"inputCount":1.5}""", "body"),
        Post("inputCount in the body overflows", Start, """{"inputCount":1e20}""", "body"),
        Post("inputCount in the body is negative", Start, """{"inputCount":-3}""", "inputCount"),
        Post("algorithm is upper case", Start, """{"inputCount":1,"algorithm":"SUM"}""", "algorithm"),
        Post("algorithm is a path", Start, """{"inputCount":1,"algorithm":"../../etc/passwd"}""", "algorithm"),
        Post("algorithm is empty", Start, """{"inputCount":1,"algorithm":""}""", "algorithm"),
        Post("algorithm is too long", Start, $$"""{"inputCount":1,"algorithm":"{{new string('a', 65)}}"}""", "algorithm"),
        Post("algorithm is a shell command", Start, """{"inputCount":1,"algorithm":"sum; rm -rf /"}""", "algorithm"),
        Post("algorithm is a number", Start, """{"inputCount":1,"algorithm":5}""", "body"),
        Post("algorithm is non-ASCII", Start, """{"inputCount":1,"algorithm":"sümme"}""", "algorithm"),
        Post("algorithm is a 100 KB string", Start, $$"""{"inputCount":1,"algorithm":"{{new string('a', 100_000)}}"}""", "longer than"),
        Post("inputBlobPrefix is a 100 KB non-ASCII string", Start, $$"""{"inputBlobPrefix":"{{new string('ø', 50_000)}}"}""", "longer than"),
        Post("body holds two JSON values", Start, """{"inputCount":1} {"inputCount":2}""", "body"),
        Post("inputCount in the body is a quoted word", Start, """{"inputCount":"ten"}""", "body"),
        Query("algorithm in the query has a space", $"{Seed}?inputCount=1&algorithm=bad%20name", "algorithm"),
        Post("batchSize is zero", Start, """{"inputCount":1,"batchSize":0}""", "batchSize"),
        Post("batchSize is above the maximum", Start, """{"inputCount":1,"batchSize":101}""", "batchSize"),
        Post("batchSize is negative", Start, """{"inputCount":1,"batchSize":-1}""", "batchSize"),
        Post("batchSize is a string", Start, """{"inputCount":1,"batchSize":"ten"}""", "body"),
        Post("inputBlobPrefix is the internal folder", Start, """{"inputBlobPrefix":"_jobs/"}""", "inputBlobPrefix"),
        Post("inputBlobPrefix is another job's folder", Start, """{"inputBlobPrefix":"_jobs/{job}/"}""", "inputBlobPrefix"),
        Post("inputBlobPrefix has a control character", Start, """{"inputBlobPrefix":"data/\u0001"}""", "inputBlobPrefix"),
        Post("purgeInputs without inputBlobPrefix", Start, """{"inputCount":1,"purgeInputs":true}""", "purgeInputs"),
        Post("purgeInputs is not a boolean", Start, """{"inputBlobPrefix":"data/","purgeInputs":"yes"}""", "body"),
        Post("inputBlobPrefix is too long", Start, $$"""{"inputBlobPrefix":"{{new string('p', 1025)}}"}""", "inputBlobPrefix"),
        Post("orchestrator name is unknown", Api.Webhooks + "/orchestrators/NoSuchOrchestrator", """{"inputCount":1}""", "NoSuchOrchestrator"),
        Post("orchestrator name is unicode", Api.Webhooks + "/orchestrators/Comput%C3%A9Orchestrator", """{"inputCount":1}""", "functionName"),

        // instance ids
        Post("start id has a space and a bang", $"{Start}/bad%20id!", """{"inputCount":1}""", "instance id"),
        Post("start id is 101 characters", $"{Start}/{Long101}", """{"inputCount":1}""", "instance id"),
        Post("start id starts with a dot", $"{Start}/.hidden", """{"inputCount":1}""", "instance id"),
        Post("start id is unicode", $"{Start}/j%C3%B3b", """{"inputCount":1}""", "instance id"),
        Post("start id is 300 non-ASCII characters", $"{Start}/{Uri.EscapeDataString(new string('ж', 300))}", """{"inputCount":1}""", "instance id"),
        Post("start id has an encoded slash", $"{Start}/a%2Fb", """{"inputCount":1}""", "instance id"),
        Post("start id has a NUL", $"{Start}/a%00b", """{"inputCount":1}""", null) with { RefusedByKestrel = true },
        Post("start id has a pipe", $"{Start}/a%7Cb", """{"inputCount":1}""", "instance id"),
        Get("status id has an encoded slash", $"{Instances}/a%2Fb", "instance id"),
        Get("status id has a NUL", $"{Instances}/a%00b", null) with { RefusedByKestrel = true },
        Get("status id is unicode", $"{Instances}/j%C3%B3b", "instance id"),
        Get("status id is 101 characters", $"{Instances}/{Long101}", "instance id"),
        Get("status id is an encoded dot-dot", $"{Instances}/%2E%2E", null, [400, 404]),
        Get("status id is dot-dot", $"{Instances}/..", null, [400, 404]),
        Get("status id is a quote", $"{Instances}/a'b", "instance id"),
        Get("showInput is not a boolean", $"{Instances}/{{job}}?showInput=maybe", "showInput"),
        Get("showHistory is a number", $"{Instances}/{{job}}?showHistory=1", "showHistory"),
        Get("returnInternalServerErrorOnFailure is not a boolean", $"{Instances}/{{job}}?returnInternalServerErrorOnFailure=yes", "returnInternalServerErrorOnFailure"),

        // events
        Post("event name has a space and a bang", $"{Instances}/{{job}}/raiseEvent/bad%20event!", "1", "eventName"),
        Post("event name is 101 characters", $"{Instances}/{{job}}/raiseEvent/{Long101}", "1", "eventName"),
        Post("event name is unicode", $"{Instances}/{{job}}/raiseEvent/%C3%A9v%C3%A9nement", "1", "eventName"),
        Post("event name has an encoded slash", $"{Instances}/{{job}}/raiseEvent/a%2Fb", "1", "eventName"),
        Post("event body is invalid JSON", $"{Instances}/{{job}}/raiseEvent/approval", "{oops", "JSON"),
        new("event body is text/plain", "POST", $"{Instances}/{{job}}/raiseEvent/approval", [415], "JSON", "yes", "text/plain"),
        Post("event body is over 64 KiB", $"{Instances}/{{job}}/raiseEvent/approval", $"\"{new string('x', 70_000)}\"", null, [413]),
        Post("event body is over 64 KiB of non-ASCII text", $"{Instances}/{{job}}/raiseEvent/approval", $"\"{new string('ü', 40_000)}\"", null, [413]),
        Post("event name is a long non-ASCII word", $"{Instances}/{{job}}/raiseEvent/{Uri.EscapeDataString(new string('ß', 200))}", "1", "eventName"),
        Post("event instance id is invalid", $"{Instances}/bad%20id/raiseEvent/approval", "1", "instance id"),

        // reasons and flags
        Post("terminate reason is too long", $"{Instances}/no-such-job/terminate?reason={LongReason}", null, "reason"),
        Post("suspend reason is too long", $"{Instances}/no-such-job/suspend?reason={LongReason}", null, "reason"),
        Post("resume reason is too long", $"{Instances}/no-such-job/resume?reason={LongReason}", null, "reason"),
        Post("rewind reason is too long", $"{Instances}/no-such-job/rewind?reason={LongReason}", null, "reason"),
        Post("suspend reason is 1025 non-ASCII characters", $"{Instances}/{{job}}/suspend?reason={LongNonAsciiReason}", null, "reason"),
        Post("terminate reason is 1025 non-ASCII characters", $"{Instances}/{{job}}/terminate?reason={LongNonAsciiReason}", null, "reason"),
        Post("terminate instance id is invalid", $"{Instances}/a%7Cb/terminate", null, "instance id"),
        Post("terminate id climbs out with an encoded dot-dot-slash", $"{Instances}/..%2F{{job}}/terminate", null, "instance id"),
        Post("suspend id is an encoded dot-dot", $"{Instances}/%2E%2E/suspend", null, null, [400, 404]),
        Post("restart flag is not a boolean", $"{Instances}/{{job}}/restart?restartWithNewInstanceId=maybe", null, "restartWithNewInstanceId"),
        Post("restart instance id is invalid", $"{Instances}/{Long101}/restart", null, "instance id"),

        // list filters
        Get("runtimeStatus is unknown", $"{Instances}?runtimeStatus=Bogus", "runtimeStatus"),
        Get("runtimeStatus list has an unknown entry", $"{Instances}?runtimeStatus=Running,Nope", "runtimeStatus"),
        Get("createdTimeFrom is a word", $"{Instances}?createdTimeFrom=yesterday", "createdTime"),
        Get("createdTimeTo is not a real date", $"{Instances}?createdTimeTo=2026-13-45T00:00:00Z", "createdTime"),
        Get("top is zero", $"{Instances}?top=0", "top"),
        Get("top is negative", $"{Instances}?top=-1", "top"),
        Get("top is a word", $"{Instances}?top=abc", "top"),
        Get("top is above the maximum", $"{Instances}?top=1001", "top"),
        Get("top overflows an int", $"{Instances}?top=99999999999", "top"),
        Get("list showInput is not a boolean", $"{Instances}?showInput=maybe", "showInput"),
        Get("instanceIdPrefix is 101 characters", $"{Instances}?instanceIdPrefix={Long101}", "instanceIdPrefix"),
        Get("instanceIdPrefix has a control character", $"{Instances}?instanceIdPrefix=a%01", "instanceIdPrefix"),
        new("continuation token is garbage", "GET", Instances, [BadRequest], "continuation", ContinuationToken: "!!garbage!!"),

        // purge
        Delete("purge-many has no createdTimeFrom", Instances, "createdTimeFrom"),
        Delete("purge-many createdTimeFrom is garbage", $"{Instances}?createdTimeFrom=garbage", "createdTime"),
        Delete("purge-many createdTimeTo is garbage", $"{Instances}?createdTimeFrom=2020-01-01T00:00:00Z&createdTimeTo=soon", "createdTime"),
        Delete("purge-many runtimeStatus is unknown", $"{Instances}?createdTimeFrom=2020-01-01T00:00:00Z&runtimeStatus=Bogus", "runtimeStatus"),
        Delete("purge instance id is invalid", $"{Instances}/a%2Fb", "instance id"),

        // items
        Get("items top is zero", "/api/instances/{job}/items?top=0", "top"),
        Get("items status is unknown", "/api/instances/{job}/items?status=Bogus", "status"),
        Get("items continuation token is garbage", "/api/instances/{job}/items?continuationToken=!!garbage!!", "continuation"),
        Get("item id is not a number", "/api/instances/{job}/items/abc", "itemId"),
        Get("item id is negative", "/api/instances/{job}/items/-1", "itemId"),
        Get("results follow is not a boolean", "/api/instances/{job}/results?follow=maybe", "follow"),

        // routes and methods
        new("unknown webhook route", "GET", Api.Webhooks + "/nope", [404]),
        new("unknown top-level route", "GET", "/api/nothing", [404]),
        new("unknown instance action", "POST", $"{Instances}/{{job}}/frobnicate", [404, 405], Body: "{}"),
        new("PUT on an instance", "PUT", $"{Instances}/{{job}}", [405], Body: "{}"),
        new("GET on the start route", "GET", Start, [405]),
        new("PATCH on the seed route", "PATCH", Seed, [405], Body: "{}"),
        new("DELETE on raiseEvent", "DELETE", $"{Instances}/{{job}}/raiseEvent/approval", [405]),
        new("GET on terminate", "GET", $"{Instances}/{{job}}/terminate", [405]),

        // limits, on an orchestrator configured with MaxRequestBytes=1024 and MaxItemsPerJob=5
        new("body is over MaxRequestBytes", "POST", Start, [413], "limit", $$"""{"inputs":[{{string.Join(",", Enumerable.Repeat("1", 1500))}}]}""", Limited: true),
        new("chunked body is over MaxRequestBytes", "POST", Start, [413], "limit", $$"""{"inputs":[{{string.Join(",", Enumerable.Repeat("1", 1500))}}]}""", Chunked: true, Limited: true),
        new("inputCount is over MaxItemsPerJob", "POST", $"{Seed}?inputCount=6", [BadRequest], "inputCount", Body: "", Limited: true),
        new("inputs hold more than MaxItemsPerJob", "POST", Start, [BadRequest], "inputs", """{"inputs":[1,2,3,4,5,6]}""", Limited: true),
        new("non-ASCII body is over MaxRequestBytes", "POST", Start, [413], "limit", $$"""{"inputs":["{{new string('é', 600)}}"]}""", Limited: true),
        new("chunked inputs hold more than MaxItemsPerJob", "POST", Start, [BadRequest], "inputs", """{"inputs":[1,2,3,4,5,6,7,8]}""", Chunked: true, Limited: true),
    ];

    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var request in All)
        {
            names.Add(request.Name);
        }

        return names;
    }

    private static BadRequest Query(string name, string path, string mentions) => new(name, "POST", path, [BadRequest], mentions, Body: "");

    private static BadRequest Post(string name, string path, string? body, string? mentions, int[]? expected = null) =>
        new(name, "POST", path, expected ?? [BadRequest], mentions, body ?? "");

    private static BadRequest Get(string name, string path, string? mentions, int[]? expected = null) =>
        new(name, "GET", path, expected ?? [BadRequest], mentions);

    private static BadRequest Delete(string name, string path, string mentions) => new(name, "DELETE", path, [BadRequest], mentions);
}
