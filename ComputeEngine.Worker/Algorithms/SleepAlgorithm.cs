using System.Text.Json;

namespace ComputeEngine.Worker.Algorithms;

/// <summary>
/// A test algorithm: sleeps <c>ms</c> milliseconds, then fails while <c>failUntil</c> (a UTC time) is in
/// the future, while the file <c>failWhileExists</c> exists (a fault a test ends by deleting the file, not
/// by racing a clock), or always when <c>fail</c> is true; while <c>hangUntil</c> is in the future, or the
/// file <c>hangWhileExists</c> exists, it hangs, ignoring cancellation, like a stuck native call; while the
/// file <c>waitWhileExists</c> exists it keeps working, as a long computation that honours cancellation
/// (a test holds items running for as long as it needs them). A <c>tag</c> is echoed in the output, so a
/// test can tell that every output is the one its own input produced; an <c>error</c> is the failure's
/// message instead of the default one (e.g. a long non-ASCII text, as a program's stderr may be).
/// Input: <c>{"ms": 100, "tag": 7, "failUntil": "…", "failWhileExists": "/tmp/f", "hangUntil": "…",
/// "hangWhileExists": "/tmp/h", "waitWhileExists": "/tmp/w", "fail": false, "error": "…"}</c> or a number.
/// The faults are honoured only where <see cref="WorkerOptions.FaultInjection"/> is on (tests): elsewhere
/// a job could hang replicas for good or probe the worker's files. Plain sleeps and tags stay for demos.
/// </summary>
public sealed class SleepAlgorithm(TimeProvider clock, Microsoft.Extensions.Options.IOptions<WorkerOptions> options) : IAlgorithm
{
    private static readonly TimeSpan FilePoll = TimeSpan.FromMilliseconds(50);
    private static readonly string[] Faults = ["hangUntil", "hangWhileExists", "waitWhileExists", "fail", "failUntil", "failWhileExists", "error"];

    public string Name => "sleep";

    public async ValueTask<JsonElement> RunAsync(JsonElement input, CancellationToken cancellationToken)
    {
        var ms = input.ValueKind switch
        {
            JsonValueKind.Number => input.GetInt32(),
            JsonValueKind.Object when input.TryGetProperty("ms", out var value) && value.TryGetInt32(out var parsed) => parsed,
            JsonValueKind.Object => 0,
            _ => throw new PermanentFailureException("sleep expects a number of milliseconds or {\"ms\": n}."),
        };
        if (!options.Value.FaultInjection && input.ValueKind == JsonValueKind.Object && Faults.FirstOrDefault(f => input.TryGetProperty(f, out _)) is { } fault)
        {
            throw new PermanentFailureException($"sleep: '{fault}' injects a fault, which this worker does not allow (Worker:FaultInjection is off).");
        }
        if (input.ValueKind == JsonValueKind.Object && input.TryGetProperty("hangUntil", out var hang)
            && hang.TryGetDateTimeOffset(out var hangUntil) && clock.GetUtcNow() < hangUntil)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, clock, CancellationToken.None);
        }

        await WhileExistsAsync(Text(input, "hangWhileExists"), CancellationToken.None);
        await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(0, ms)), clock, cancellationToken);
        await WhileExistsAsync(Text(input, "waitWhileExists"), cancellationToken);

        if (input.ValueKind == JsonValueKind.Object)
        {
            var error = Text(input, "error");
            if (input.TryGetProperty("fail", out var fail) && fail.ValueKind == JsonValueKind.True)
            {
                throw new InvalidOperationException(error ?? "sleep: asked to fail.");
            }

            if (input.TryGetProperty("failUntil", out var until) && until.TryGetDateTimeOffset(out var time) && clock.GetUtcNow() < time)
            {
                throw new InvalidOperationException(error ?? $"sleep: failing until {time:O}.");
            }

            if (Text(input, "failWhileExists") is { } path && File.Exists(path))
            {
                throw new InvalidOperationException(error ?? $"sleep: failing while {path} exists.");
            }
        }

        var tag = input.ValueKind == JsonValueKind.Object && input.TryGetProperty("tag", out var tagged) ? tagged.Clone() : (JsonElement?)null;
        return JsonSerializer.SerializeToElement(new SleepResult(ms, tag), WorkerJsonContext.Default.SleepResult);
    }

    private static string? Text(JsonElement input, string name) =>
        input.ValueKind == JsonValueKind.Object && input.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private async Task WhileExistsAsync(string? path, CancellationToken cancellationToken)
    {
        while (path is not null && File.Exists(path))
        {
            await Task.Delay(FilePoll, clock, cancellationToken);
        }
    }
}

public sealed record SleepResult(int SleptMs, [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] JsonElement? Tag);
