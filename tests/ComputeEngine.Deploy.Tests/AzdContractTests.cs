using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ComputeEngine.Deploy.Tests.Manifests;
using ComputeEngine.Deploy.Tests.Support;

namespace ComputeEngine.Deploy.Tests;

/// <summary>What azd exchanges with the Bicep: parameters in, environment values out.</summary>
[Collection(ArmTemplateCollection.Name)]
public sealed partial class AzdContractTests(ArmTemplate template)
{
    private static readonly string[] RequiredOutputs =
    [
        "AZURE_LOCATION", "AZURE_TENANT_ID", "AZURE_AKS_CLUSTER_NAME", "AZURE_CONTAINER_REGISTRY_ENDPOINT",
        "AZURE_STORAGE_ACCOUNT_NAME", "AZURE_STORAGE_BLOB_ENDPOINT", "AZURE_ORCHESTRATOR_IDENTITY_CLIENT_ID",
        "AZURE_WORKER_IDENTITY_CLIENT_ID", "AZURE_DASHBOARD_IDENTITY_CLIENT_ID", "AZURE_KEDA_IDENTITY_CLIENT_ID",
    ];

    private JsonObject Outputs => template.Json["outputs"]!.AsObject();

    private JsonObject Parameters => template.Json["parameters"]!.AsObject();

    [Fact]
    public void Outputs_give_azd_and_the_chart_what_they_need() =>
        Assert.Subset(Outputs.Select(o => o.Key).ToHashSet(), RequiredOutputs.ToHashSet());

    [Fact]
    public void No_output_carries_a_secret()
    {
        foreach (var (name, output) in Outputs)
        {
            Assert.DoesNotContain("secure", (string?)output!["type"], StringComparison.OrdinalIgnoreCase);
            if (name != "APPLICATIONINSIGHTS_CONNECTION_STRING")
            {
                Assert.DoesNotMatch("(?i)key|secret|password|connection|token", name);
            }
        }
    }

    [Fact]
    public void Parameters_file_sets_every_required_parameter_from_the_azd_environment()
    {
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Infra, "main.parameters.json")))!["parameters"]!.AsObject();

        Assert.Subset(Parameters.Select(p => p.Key).ToHashSet(), file.Select(p => p.Key).ToHashSet());
        var required = Parameters.Where(p => p.Value!["defaultValue"] is null).Select(p => p.Key);
        Assert.Subset(file.Select(p => p.Key).ToHashSet(), required.ToHashSet());
        Assert.All(file, p => Assert.NotEmpty(AzureYaml.Variables((string)p.Value!["value"]!)));
    }

    [Fact]
    public void The_values_hook_reads_only_provision_outputs_service_images_and_parameter_settings()
    {
        var azureYaml = AzureYaml.Load();
        var parameterFile = File.ReadAllText(Path.Combine(RepoPaths.Infra, "main.parameters.json"));
        var hook = File.ReadAllText(Path.Combine(RepoPaths.Infra, "hooks", "helm-values.sh"));

        var read = AzureVariable().Matches(hook).Select(m => m.Value).Distinct().ToList();
        Assert.Contains("AZURE_KEDA_IDENTITY_CLIENT_ID", read);
        foreach (var name in read)
        {
            var known = Outputs.ContainsKey(name)
                || azureYaml.Services.Keys.Any(service => name == $"SERVICE_{service.ToUpperInvariant()}_IMAGE_NAME")
                || parameterFile.Contains("${" + name, StringComparison.Ordinal);
            Assert.True(known, $"{name} is neither a main.bicep output, a service image, nor a parameter setting");
        }
    }

    [GeneratedRegex(@"\b(AZURE|SERVICE|APPLICATIONINSIGHTS)_[A-Z0-9_]+\b")]
    private static partial Regex AzureVariable();
}
