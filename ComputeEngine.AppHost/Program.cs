using ComputeEngine.AppHost;
using ComputeEngine.AppHost.Api;

AppHostSetup setup;
try
{
    var options = CommandLine.Parse(args);
    if (options.Help)
    {
        Console.WriteLine(CommandLine.Usage);
        return 0;
    }

    setup = AppHostSetup.For(options);
}
catch (FormatException e)
{
    Console.Error.WriteLine($"{e.Message}; run with --help to see the options");
    return 2;
}
catch (AppHostException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
builder.AddAppHost(setup);

var app = builder.Build();
app.MapStatusApi();
await app.RunAsync();
return Environment.ExitCode;
