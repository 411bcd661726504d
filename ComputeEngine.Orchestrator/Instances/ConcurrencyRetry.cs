using Polly;
using Polly.Registry;
using Polly.Retry;
using Polly.Telemetry;

namespace ComputeEngine.Orchestrator.Instances;

/// <summary>
/// Runs a read-decide-write under an ETag again when someone else wrote first. A job's header is hot:
/// every replica's fan-in, the dispatcher's watermark and API requests write it at once. Retried back to
/// back, the losers of one race collide again at once; exponential backoff with jitter spreads them out.
/// </summary>
public sealed class ConcurrencyRetry(ResiliencePipelineProvider<string> pipelines)
{
    public const string PipelineName = "optimistic-concurrency";

    private readonly ResiliencePipeline _pipeline = pipelines.GetPipeline(PipelineName);

    public static void Configure(ResiliencePipelineBuilder builder) => builder.AddRetry(new RetryStrategyOptions
    {
        ShouldHandle = new PredicateBuilder().Handle<ConcurrencyConflictException>(),
        MaxRetryAttempts = 50,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = TimeSpan.FromMilliseconds(5),
        MaxDelay = TimeSpan.FromMilliseconds(500),
    });

    /// <summary>A lost race is expected under load: counted in Polly's metrics, logged only at Debug.</summary>
    public static void QuietRetries(TelemetryOptions telemetry) =>
        telemetry.SeverityProvider = args => args.Event.EventName == "OnRetry" ? ResilienceEventSeverity.Debug : args.Event.Severity;

    public ValueTask<T> RunAsync<T>(Func<CancellationToken, ValueTask<T>> attempt, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(attempt, cancellationToken);
}

/// <summary>Someone else changed what this attempt read; <see cref="ConcurrencyRetry"/> tries again from a fresh read.</summary>
public sealed class ConcurrencyConflictException(string message, Exception? innerException = null) : Exception(message, innerException);
