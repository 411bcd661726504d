using System.Text.Json;

namespace ComputeEngine.Worker.Algorithms;

/// <summary>
/// A test algorithm: sleeps <c>ms</c> milliseconds, then fails while <c>failUntil</c> (a UTC time) is in
/// the future, or always when <c>fail</c> is true; while <c>hangUntil</c> is in the future it hangs,
/// ignoring cancellation, like a stuck native call.
/// Input: <c>{"ms": 100, "failUntil": "…", "hangUntil": "…", "fail": false}</c> or a number.
/// </summary>
public sealed class SleepAlgorithm(TimeProvider clock) : IAlgorithm
{
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
        if (input.ValueKind == JsonValueKind.Object && input.TryGetProperty("hangUntil", out var hang)
            && hang.TryGetDateTimeOffset(out var hangUntil) && clock.GetUtcNow() < hangUntil)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, clock, CancellationToken.None);
        }

        await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(0, ms)), clock, cancellationToken);

        if (input.ValueKind == JsonValueKind.Object)
        {
            if (input.TryGetProperty("fail", out var fail) && fail.ValueKind == JsonValueKind.True)
            {
                throw new InvalidOperationException("sleep: asked to fail.");
            }

            if (input.TryGetProperty("failUntil", out var until) && until.TryGetDateTimeOffset(out var time) && clock.GetUtcNow() < time)
            {
                throw new InvalidOperationException($"sleep: failing until {time:O}.");
            }
        }

        return JsonSerializer.SerializeToElement(new SleepResult(ms), WorkerJsonContext.Default.SleepResult);
    }
}

public sealed record SleepResult(int SleptMs);
