using ComputeEngine.AppHost.Model;
using ComputeEngine.AppHost.Running;
using ComputeEngine.AppHost.Scaling;

namespace ComputeEngine.AppHost;

/// <summary>Everything checked before anything starts, so a mistake is one clear message and no half-started system.</summary>
internal sealed record AppHostSetup(AppHostOptions Options, RepoLayout Repo, ScaleSettings Scale)
{
    public static AppHostSetup For(AppHostOptions options)
    {
        var repo = RepoLayout.Find(options.Root);
        var scale = ScaleSettingsFile.Load(options.ValuesFile ?? repo.DefaultValuesFile).WithLocalOverrides(options);
        Ports.EnsureFree("Azurite's blob service", options.BlobPort);
        Ports.EnsureFree("Azurite's queue service", options.QueuePort);
        Ports.EnsureFree("Azurite's table service", options.TablePort);
        Ports.EnsureFree("the orchestrator", options.OrchestratorPort);
        Ports.EnsureFree("the AppHost's status endpoint", options.StatusPort);
        if (options.Dashboard && repo.HasProject(AppModel.DashboardProject))
        {
            Ports.EnsureFree("the dashboard", options.DashboardPort);
        }

        return new(options, repo, scale);
    }
}
