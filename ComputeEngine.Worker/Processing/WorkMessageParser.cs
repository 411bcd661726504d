using System.Text.Json;
using ComputeEngine.Contracts.Messages;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.ServiceDefaults.Storage;

namespace ComputeEngine.Worker.Processing;

/// <summary>Reads a work message, rejecting anything malformed before it can touch storage.</summary>
public static class WorkMessageParser
{
    public static WorkMessage? Parse(BinaryData body)
    {
        WorkMessage? work;
        try
        {
            work = JsonSerializer.Deserialize(body.ToMemory().Span, ContractsJsonContext.Default.WorkMessage);
        }
        catch (JsonException)
        {
            return null;
        }

        if (work is null || !InstanceIds.IsValid(work.InstanceId) || work.Batch < 0 || work.FirstIndex < 0
            || work.Count is < 1 or > TableBatches.MaxActions || string.IsNullOrEmpty(work.Algorithm))
        {
            return null;
        }

        var sources = (work.Inputs is not null ? 1 : 0) + (work.InputsBlob is not null ? 1 : 0) + (work.InputBlobs is not null ? 1 : 0);
        var countMatches = (work.Inputs?.Count ?? work.InputBlobs?.Count ?? work.Count) == work.Count;
        return sources == 1 && countMatches ? work : null;
    }
}
