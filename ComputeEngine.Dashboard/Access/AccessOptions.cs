namespace ComputeEngine.Dashboard.Access;

/// <summary>Who may use the dashboard, bound from <c>Dashboard:Access</c>.</summary>
public sealed class AccessOptions
{
    public const string Section = "Dashboard:Access";

    /// <summary>
    /// When sign-in is required, whether pages may still be viewed without it; starting, stopping and
    /// purging jobs always need it.
    /// </summary>
    public bool AnonymousRead { get; set; }
}
