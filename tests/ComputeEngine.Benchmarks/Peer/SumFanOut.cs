using DurableTask.Core;

namespace ComputeEngine.Benchmarks.Peer;

/// <summary>
/// The seed's job written for the Durable Task Framework, the way a Durable Functions user writes it:
/// one orchestration schedules one activity per item and awaits them all (fan-out/fan-in).
/// </summary>
public sealed class SumFanOut : TaskOrchestration<long, int>
{
    public override async Task<long> RunTask(OrchestrationContext context, int input)
    {
        var items = Enumerable.Range(0, input).Select(_ => context.ScheduleTask<long>(typeof(SumActivity), SumActivity.SeedInput));
        var outputs = await Task.WhenAll(items);
        return outputs.Sum();
    }
}

/// <summary>The seed's algorithm on the seed's input: <c>sum([1,1])</c>.</summary>
public sealed class SumActivity : TaskActivity<int[], long>
{
    public static readonly int[] SeedInput = [1, 1];

    protected override long Execute(TaskContext context, int[] input) => input.Sum();
}
