using System.Text.Json.Nodes;

namespace ComputeEngine.Deploy.Tests.Support;

/// <summary>main.bicep compiled by the real bicep CLI, once per test class, with what it printed.</summary>
public sealed class ArmTemplate : IAsyncLifetime
{
    public ProcessResult Build { get; private set; } = new(-1, "", "");

    public JsonObject Json { get; private set; } = [];

    public async Task InitializeAsync()
    {
        using var timeout = TestTimeouts.ForTool();
        Build = await BicepCli.RunAsync(timeout.Token, "build", RepoPaths.MainBicep, "--stdout");
        if (Build.ExitCode == 0)
        {
            Json = JsonNode.Parse(Build.StandardOutput)!.AsObject();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Every resource of a type, in main.bicep or any module it deploys.</summary>
    public IReadOnlyList<JsonObject> Resources(string type) =>
        [.. Objects(Json).Where(node => (string?)node["type"] == type && node["properties"] is not null)];

    /// <summary>The variables of the module that declares <paramref name="name"/>.</summary>
    public JsonObject ModuleVariables(string name) =>
        Assert.Single(Objects(Json), node => node["variables"] is JsonObject variables && variables.ContainsKey(name))["variables"]!.AsObject();

    /// <summary>A string array variable, with "[variables('x')]" items replaced by x's value.</summary>
    public IReadOnlyList<string> StringList(string variable)
    {
        var variables = ModuleVariables(variable);
        return [.. variables[variable]!.AsArray().Select(item => Resolve(variables, (string)item!))];
    }

    private static string Resolve(JsonObject variables, string value) =>
        value.StartsWith("[variables('", StringComparison.Ordinal)
            ? (string)variables[value["[variables('".Length..^"')]".Length]]!
            : value;

    private static IEnumerable<JsonObject> Objects(JsonNode? node) => node switch
    {
        JsonObject obj => new[] { obj }.Concat(obj.SelectMany(property => Objects(property.Value))),
        JsonArray array => array.SelectMany(Objects),
        _ => [],
    };
}

[CollectionDefinition(Name)]
public sealed class ArmTemplateCollection : ICollectionFixture<ArmTemplate>
{
    public const string Name = "arm template";
}
