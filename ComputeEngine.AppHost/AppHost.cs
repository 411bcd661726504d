using ComputeEngine.AppHost;

var builder = DistributedApplication.CreateBuilder(args);
var options = AppHostOptions.From(builder.Configuration);
var scale = builder.ScaleSettings(options);
var apiKey = builder.AddApiKey(options);

var storage = builder.AddStorage("storage", options);

var orchestrator = builder.AddProject<Projects.ComputeEngine_Orchestrator>("orchestrator", launchProfileName: null)
    .WithHttpEndpoint(port: options.OrchestratorPort, isProxied: false)
    .WithHttpHealthCheck("/health")
    .WithReference(storage)
    .WaitFor(storage)
    .WithLocalSettings(options, apiKey);

var worker = builder.AddProject<Projects.ComputeEngine_Worker>("worker", launchProfileName: null)
    .WithHttpEndpoint()
    .WithHttpHealthCheck("/health")
    .WithReference(storage)
    .WaitFor(storage)
    .WithReplicas(scale.MaxReplicaCount)
    .WithExplicitStart()
    .WithLocalSettings(options, apiKey)
    .WithWorkerSettings(builder.Configuration);

if (options.Dashboard)
{
    builder.AddProject<Projects.ComputeEngine_Dashboard>("dashboard", launchProfileName: null)
        .WithHttpEndpoint(port: options.DashboardPort, isProxied: false)
        .WithHttpHealthCheck("/health")
        .WithReference(storage)
        .WithReference(orchestrator)
        .WaitFor(orchestrator)
        .WithAppHostStatus(options)
        .WithLocalSettings(options, apiKey);
}

if (builder.ExecutionContext.IsRunMode)
{
    builder.AddWorkerScaler(worker, storage, scale, options).AddConsoleAndDemo(options);
}

builder.Build().Run();
