using ComputeEngine.Orchestrator;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapOrchestratorApi();
app.Run();

public partial class Program;
