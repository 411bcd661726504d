using System.ComponentModel.DataAnnotations;

namespace ComputeEngine.Dashboard;

/// <summary>How often the dashboard samples and refreshes, bound from the <c>Dashboard</c> section.</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>How often queue length, workers, nodes and items/s are sampled and pushed to open pages.</summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the jobs and job pages reload what they show.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How far back the overview's charts reach.</summary>
    public TimeSpan ChartWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Stopped or silent workers stay listed this long, then drop off the workers page.</summary>
    public TimeSpan GoneWorkersShownFor { get; set; } = TimeSpan.FromMinutes(10);

    [Range(1, 1000)]
    public int JobsPageSize { get; set; } = 20;

    [Range(1, 1000)]
    public int ItemsPageSize { get; set; } = 50;
}
