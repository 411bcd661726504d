using ComputeEngine.Dashboard;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapDashboard();
app.Run();

public partial class Program;
