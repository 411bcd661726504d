namespace ComputeEngine.AppHost.Scaling;

/// <summary>
/// The scaler as a row of the Aspire dashboard: its state says how many replicas it wants and its console log
/// holds every decision, as KEDA's events would in the cluster.
/// </summary>
internal sealed class ScalerResource(string name) : Resource(name);
