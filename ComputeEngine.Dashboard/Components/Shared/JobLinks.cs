using System.Globalization;

namespace ComputeEngine.Dashboard.Components.Shared;

/// <summary>The dashboard's own links to a job and an item, relative to the base href.</summary>
public static class JobLinks
{
    public static string Job(string instanceId) => $"jobs/{Uri.EscapeDataString(instanceId)}";

    public static string Item(string instanceId, int itemId) => string.Create(CultureInfo.InvariantCulture, $"{Job(instanceId)}/items/{itemId}");
}
