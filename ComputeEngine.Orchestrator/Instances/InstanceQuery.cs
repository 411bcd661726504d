using Azure.Data.Tables;
using ComputeEngine.Contracts.Storage;

namespace ComputeEngine.Orchestrator.Instances;

/// <summary>The filters of the list and purge-many endpoints, as an OData filter over job headers.</summary>
public sealed record InstanceQuery(
    IReadOnlyList<string> Statuses,
    DateTimeOffset? CreatedFrom,
    DateTimeOffset? CreatedTo,
    string? InstanceIdPrefix)
{
    public string ToFilter()
    {
        var clauses = new List<string> { TableClient.CreateQueryFilter($"RowKey eq {InstanceColumns.HeaderRowKey}") };
        if (Statuses.Count > 0)
        {
            clauses.Add("(" + string.Join(" or ", Statuses.Select(s => TableClient.CreateQueryFilter($"RuntimeStatus eq {s}"))) + ")");
        }

        if (CreatedFrom is { } from)
        {
            clauses.Add(TableClient.CreateQueryFilter($"CreatedTime ge {from}"));
        }

        if (CreatedTo is { } to)
        {
            clauses.Add(TableClient.CreateQueryFilter($"CreatedTime le {to}"));
        }

        if (!string.IsNullOrEmpty(InstanceIdPrefix))
        {
            // Partition keys sort as strings: the prefix range is [prefix, prefix + U+FFFF).
            clauses.Add(TableClient.CreateQueryFilter($"PartitionKey ge {InstanceIdPrefix} and PartitionKey lt {InstanceIdPrefix + '\uffff'}"));
        }

        return string.Join(" and ", clauses);
    }
}
