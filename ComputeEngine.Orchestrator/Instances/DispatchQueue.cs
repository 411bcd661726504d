using System.Threading.Channels;

namespace ComputeEngine.Orchestrator.Instances;

/// <summary>Jobs this replica should fan out now: the fast path from the start API to the dispatcher.</summary>
public sealed class DispatchQueue
{
    private readonly Channel<string> _channel = Channel.CreateUnbounded<string>();

    public void Kick(string instanceId) => _channel.Writer.TryWrite(instanceId);

    public ChannelReader<string> Reader => _channel.Reader;
}
