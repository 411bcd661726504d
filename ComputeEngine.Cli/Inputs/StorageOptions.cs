using System.CommandLine;

namespace ComputeEngine.Cli.Inputs;

/// <summary>The storage account <c>--dir</c> uploads to: the option, then the environment, then Azurite on its default ports.</summary>
public static class StorageOptions
{
    public const string Variable = "COMPUTEENGINE_STORAGE";
    public const string AspireVariable = "ConnectionStrings__storage";
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    public static Option<string> Create() => new("--storage")
    {
        Description = $"Connection string of the orchestrator's storage account, for --dir [env: {Variable}, then {AspireVariable}; default: Azurite on ports 10000-10002]",
    };

    public static string Resolve(ParseResult parse, Option<string> option, CliContext context) =>
        parse.GetValue(option) ?? context.Variable(Variable) ?? context.Variable(AspireVariable) ?? DevelopmentStorage;
}
