using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ComputeEngine.Contracts.Storage;
using ComputeEngine.Deploy.Tests.Manifests;
using ComputeEngine.Deploy.Tests.Support;

namespace ComputeEngine.Deploy.Tests;

[Collection(ArmTemplateCollection.Name)]
public sealed partial class BicepTemplateTests(ArmTemplate template)
{
    [Fact]
    public void Main_template_builds_without_a_diagnostic()
    {
        Assert.True(template.Build.ExitCode == 0, template.Build.ToString());
        Assert.Equal("", template.Build.StandardError.Trim());
    }

    [Fact]
    public async Task Main_template_lints_without_a_diagnostic()
    {
        using var timeout = TestTimeouts.ForTool();

        var lint = await BicepCli.RunAsync(timeout.Token, "lint", RepoPaths.MainBicep);

        Assert.True(lint.ExitCode == 0, lint.ToString());
        Assert.Equal("", lint.Output.Trim());
    }

    [Fact]
    public void Storage_holds_every_queue_container_and_table_the_services_use()
    {
        Assert.Equal(StorageNames.Queues, template.StringList("queueNames"));
        Assert.Equal(StorageNames.Containers, template.StringList("containerNames"));
        Assert.Equal(StorageNames.Tables, template.StringList("tableNames"));
        var storage = template.ModuleVariables("queueNames");
        Assert.Equal(StorageNames.WorkQueue, (string?)storage["workQueueName"]);
        Assert.Equal(StorageNames.OutputContainer, (string?)storage["outputContainerName"]);
    }

    [Fact]
    public void Storage_accepts_Entra_ID_only()
    {
        var account = Assert.Single(template.Resources("Microsoft.Storage/storageAccounts"));

        Assert.False((bool)account["properties"]!["allowSharedKeyAccess"]!);
        Assert.False((bool)account["properties"]!["allowBlobPublicAccess"]!);
    }

    [Fact]
    public void Cluster_runs_KEDA_and_workload_identity_with_an_autoscaled_compute_pool()
    {
        var properties = Assert.Single(template.Resources("Microsoft.ContainerService/managedClusters"))["properties"]!;

        Assert.True((bool)properties["workloadAutoScalerProfile"]!["keda"]!["enabled"]!);
        Assert.True((bool)properties["oidcIssuerProfile"]!["enabled"]!);
        Assert.True((bool)properties["securityProfile"]!["workloadIdentity"]!["enabled"]!);
        var pools = properties["agentPoolProfiles"]!.AsArray();
        var system = Assert.Single(pools, pool => (string?)pool!["mode"] == "System")!;
        Assert.True((bool)system["enableAutoScaling"]!);
        Assert.Equal("[parameters('systemNodeMinCount')]", (string?)system["minCount"]);
        Assert.Equal("[parameters('systemNodeMaxCount')]", (string?)system["maxCount"]);
        var compute = Assert.Single(pools, pool => (string?)pool!["name"] == "compute")!;
        Assert.Equal("User", (string?)compute["mode"]);
        Assert.True((bool)compute["enableAutoScaling"]!);
        Assert.Equal("[parameters('computeNodeMinCount')]", (string?)compute["minCount"]);
        Assert.Equal("[parameters('computeNodeMaxCount')]", (string?)compute["maxCount"]);
    }

    [Fact]
    public void Compute_pool_label_and_taint_match_the_workers_placement()
    {
        var worker = ChartValues.Load(RepoPaths.ChartValues).Worker;
        var compute = Assert.Single(template.Resources("Microsoft.ContainerService/managedClusters"))["properties"]!["agentPoolProfiles"]!
            .AsArray().Single(pool => (string?)pool!["name"] == "compute")!;

        var labels = compute["nodeLabels"]!.AsObject().ToDictionary(p => p.Key, p => (string)p.Value!);
        Assert.Equal(worker.NodeSelector, labels);
        var taints = compute["nodeTaints"]!.AsArray().Select(t => (string)t!);
        var tolerated = worker.Tolerations.Select(t => $"{t["key"]}={t["value"]}:{t["effect"]}");
        Assert.Equal(taints, tolerated);
    }

    [Fact]
    public void Kubelet_identity_may_pull_from_the_registry()
    {
        var assignment = Assert.Single(template.Resources("Microsoft.Authorization/roleAssignments"),
            ra => (string?)ra["properties"]!["principalId"] == "[parameters('kubeletObjectId')]");

        Assert.Contains("variables('acrPullRoleId')", (string?)assignment["properties"]!["roleDefinitionId"], StringComparison.Ordinal);
        Assert.Equal("7f951dda-4ed3-4680-a7ca-43fe172d538d", (string?)template.ModuleVariables("acrPullRoleId")["acrPullRoleId"]);
    }

    [Fact]
    public void Federated_credentials_trust_the_charts_service_accounts_and_KEDA()
    {
        var values = ChartValues.Load(RepoPaths.ChartValues);
        var parameters = template.Json["parameters"]!;

        Assert.Equal(AzureYaml.Load().Namespace, Default(parameters, "kubernetesNamespace"));
        Assert.Equal(values.Orchestrator.ServiceAccountName, Default(parameters, "orchestratorServiceAccount"));
        Assert.Equal(values.Worker.ServiceAccountName, Default(parameters, "workerServiceAccount"));
        Assert.Equal(values.Dashboard.ServiceAccountName, Default(parameters, "dashboardServiceAccount"));
        // One module per identity, each with its own copy of the federated credential.
        var credentials = template.Resources("Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials");
        Assert.Equal(4, credentials.Count);
        Assert.All(credentials, c => Assert.Equal("[parameters('subject')]", (string?)c["properties"]!["subject"]));
        Assert.Contains(
            template.Resources("Microsoft.Resources/deployments"),
            module => (string?)module["properties"]!["parameters"]?["subject"]?["value"] == "system:serviceaccount:kube-system:keda-operator");
    }

    [Fact]
    public void Event_Grid_sends_only_output_BlobCreated_to_a_webhook()
    {
        var subscription = Assert.Single(template.Resources("Microsoft.EventGrid/systemTopics/eventSubscriptions"))["properties"]!;

        Assert.Equal("WebHook", (string?)subscription["destination"]!["endpointType"]);
        Assert.Equal(["Microsoft.Storage.BlobCreated"], subscription["filter"]!["includedEventTypes"]!.AsArray().Select(e => (string?)e));
        Assert.Equal("[format('/blobServices/default/containers/{0}/', parameters('outputContainerName'))]",
            (string?)subscription["filter"]!["subjectBeginsWith"]);
        var module = Assert.Single(template.Resources("Microsoft.Resources/deployments"), d => (string?)d["name"] == "event-grid");
        Assert.Equal("[parameters('eventGridEnabled')]", (string?)module["condition"]);
    }

    [Fact]
    public void Compute_pool_at_its_default_maximum_fits_KEDAs_maximum_of_workers()
    {
        var parameters = template.Json["parameters"]!;
        var worker = YamlNodes.LoadMapping(RepoPaths.ChartValues).RequiredMapping("worker");
        var maxWorkers = int.Parse(worker.RequiredScalar("scale.maxReplicaCount"), CultureInfo.InvariantCulture);
        var workerMillicores = Millicores(worker.RequiredScalar("resources.requests.cpu"));
        var vmSize = Default(parameters, "computeNodeVmSize")!;
        var vcpus = int.Parse(VmSizeCores().Match(vmSize).Groups["cores"].Value, CultureInfo.InvariantCulture);
        var maxNodes = (int)parameters["computeNodeMaxCount"]!["defaultValue"]!;

        // AKS reserves under 0.1 core of four for the kubelet; the add-on daemonsets (Cilium, the Azure Monitor
        // agent, CSI drivers) request well under one more: a whole core per node is the margin.
        var perNode = (vcpus * 1000 - 1000) / workerMillicores;

        Assert.True(perNode * maxNodes >= maxWorkers, $"{maxNodes} x {vmSize} hold {perNode * maxNodes} workers, KEDA may ask for {maxWorkers}");
    }

    [Fact]
    public void NetworkPolicies_are_enforced_by_Cilium()
    {
        var network = Assert.Single(template.Resources("Microsoft.ContainerService/managedClusters"))["properties"]!["networkProfile"]!;

        Assert.Equal("cilium", (string?)network["networkDataplane"]);
        Assert.Equal("cilium", (string?)network["networkPolicy"]);
    }

    [Fact]
    public void Event_Grid_calls_the_webhook_with_the_key_the_chart_gives_the_orchestrator()
    {
        var parameters = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Infra, "main.parameters.json")))!["parameters"]!;
        var hook = File.ReadAllText(Path.Combine(RepoPaths.Infra, "hooks", "helm-values.sh"));

        Assert.Equal(
            "https://${AZURE_ORCHESTRATOR_PUBLIC_HOST}/runtime/webhooks/eventgrid?code=${AZURE_EVENT_GRID_WEBHOOK_KEY}",
            (string?)parameters["eventGridEndpointUrl"]!["value"]);
        Assert.Contains("webhook_key=$(need AZURE_EVENT_GRID_WEBHOOK_KEY", hook, StringComparison.Ordinal);
        Assert.Contains("webhookKey: $(quote \"$webhook_key\")", hook, StringComparison.Ordinal);
        Assert.Equal("securestring", (string?)template.Json["parameters"]!["eventGridEndpointUrl"]!["type"], StringComparer.OrdinalIgnoreCase);
    }

    private static int Millicores(string cpu) =>
        cpu.EndsWith('m') ? int.Parse(cpu[..^1], CultureInfo.InvariantCulture) : (int)(decimal.Parse(cpu, CultureInfo.InvariantCulture) * 1000);

    [GeneratedRegex(@"^Standard_[A-Z]+(?<cores>\d+)")]
    private static partial Regex VmSizeCores();

    private static string? Default(JsonNode parameters, string name) => (string?)parameters[name]!["defaultValue"];
}
