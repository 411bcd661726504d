namespace ComputeEngine.Dashboard.Access;

/// <summary>How people sign in to the dashboard, decided by its configuration.</summary>
public enum AccessMode
{
    /// <summary>No orchestrator key and no Entra ID app: a local, open dashboard.</summary>
    Open,

    /// <summary>The orchestrator's key (<c>Orchestrator:ApiKey</c>), entered once, opens a signed cookie session.</summary>
    Key,

    /// <summary>Microsoft Entra ID sign-in (<c>AzureAd</c> section, through Microsoft.Identity.Web).</summary>
    EntraId,
}
