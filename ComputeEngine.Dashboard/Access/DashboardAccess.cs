using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace ComputeEngine.Dashboard.Access;

/// <summary>The dashboard's access rules: who may view, and who may act on jobs.</summary>
public sealed class DashboardAccess(IConfiguration configuration, IOptions<AccessOptions> options)
{
    private readonly AccessMode _mode = ModeFrom(configuration);

    public AccessMode Mode => _mode;

    /// <summary>Whether viewing needs a signed-in user.</summary>
    public bool ViewingRequiresSignIn => _mode != AccessMode.Open && !options.Value.AnonymousRead;

    /// <summary>Whether <paramref name="user"/> may start, stop, rewind or purge jobs.</summary>
    public bool CanAct(ClaimsPrincipal user) => _mode == AccessMode.Open || user.Identity?.IsAuthenticated == true;

    /// <summary>The mode the configuration asks for: Entra ID when an app is configured, else the key when one is set.</summary>
    public static AccessMode ModeFrom(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration["AzureAd:ClientId"]) ? AccessMode.EntraId
        : !string.IsNullOrEmpty(configuration[$"{Orchestrator.OrchestratorClientOptions.Section}:{nameof(Orchestrator.OrchestratorClientOptions.ApiKey)}"]) ? AccessMode.Key
        : AccessMode.Open;
}
