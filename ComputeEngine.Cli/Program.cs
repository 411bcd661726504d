using ComputeEngine.Cli;

return await CliApp.RunAsync(args, CliContext.FromSystem(), CancellationToken.None);
