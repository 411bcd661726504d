namespace ComputeEngine.AppHost.Running;

internal enum ResourceState
{
    Starting,
    Running,
    Healthy,
    Restarting,
    Stopping,
    Stopped,
}
