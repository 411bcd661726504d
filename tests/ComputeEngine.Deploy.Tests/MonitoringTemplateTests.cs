using ComputeEngine.Deploy.Tests.Support;

namespace ComputeEngine.Deploy.Tests;

/// <summary>Where telemetry and logs go: Application Insights, container insights, diagnostic settings.</summary>
[Collection(ArmTemplateCollection.Name)]
public sealed class MonitoringTemplateTests(ArmTemplate template)
{
    [Fact]
    public void The_Application_Insights_connection_string_grants_nothing()
    {
        // Its instrumentation key is no credential only while local authentication is off: then Azure Monitor
        // takes telemetry from Entra ID principals with Monitoring Metrics Publisher alone.
        var component = Assert.Single(template.Resources("Microsoft.Insights/components"));
        Assert.True((bool)component["properties"]!["DisableLocalAuth"]!);
        var publishers = template.Resources("Microsoft.Authorization/roleAssignments")
            .Where(ra => ((string?)ra["properties"]!["roleDefinitionId"])!.Contains("metricsPublisherRoleId", StringComparison.Ordinal));
        Assert.Single(publishers);
        Assert.Equal("3913510d-42f4-4e42-8a64-420c390055eb", (string?)template.ModuleVariables("metricsPublisherRoleId")["metricsPublisherRoleId"]);
        var loop = Assert.Single(template.Resources("Microsoft.Resources/deployments"), d => ((string?)d["name"])!.Contains("telemetry-publisher", StringComparison.Ordinal));
        Assert.Equal("[length(createArray('orchestrator', 'worker', 'dashboard'))]", (string?)loop["copy"]!["count"]);
    }

    [Fact]
    public void Container_logs_flow_to_Log_Analytics_through_a_rule_associated_with_the_cluster()
    {
        var cluster = Assert.Single(template.Resources("Microsoft.ContainerService/managedClusters"))["properties"]!;
        Assert.Equal("true", (string?)cluster["addonProfiles"]!["omsagent"]!["config"]!["useAADAuth"]);

        var rule = Assert.Single(template.Resources("Microsoft.Insights/dataCollectionRules"))["properties"]!;
        var extension = Assert.Single(rule["dataSources"]!["extensions"]!.AsArray())!;
        Assert.Equal("ContainerInsights", (string?)extension["extensionName"]);
        var flow = Assert.Single(rule["dataFlows"]!.AsArray())!;
        Assert.Equal(extension["streams"]!.ToJsonString(), flow["streams"]!.ToJsonString());
        Assert.Equal("[parameters('logAnalyticsWorkspaceId')]", (string?)Assert.Single(rule["destinations"]!["logAnalytics"]!.AsArray())!["workspaceResourceId"]);
        var association = Assert.Single(template.Resources("Microsoft.Insights/dataCollectionRuleAssociations"));
        Assert.Equal("[resourceId('Microsoft.ContainerService/managedClusters', parameters('clusterName'))]", (string?)association["scope"]);
    }

    [Fact]
    public void Cluster_and_storage_send_their_diagnostics_to_Log_Analytics()
    {
        var scopes = template.Resources("Microsoft.Insights/diagnosticSettings")
            .Where(d => (string?)d["properties"]!["workspaceId"] == "[parameters('logAnalyticsWorkspaceId')]")
            .Select(d => (string?)d["scope"])
            .ToList();

        Assert.Contains("[resourceId('Microsoft.ContainerService/managedClusters', parameters('name'))]", scopes);
        Assert.Contains("[resourceId('Microsoft.Storage/storageAccounts', parameters('name'))]", scopes);
        foreach (var service in new[] { "blobServices", "queueServices", "tableServices" })
        {
            Assert.Contains($"[resourceId('Microsoft.Storage/storageAccounts/{service}', parameters('name'), 'default')]", scopes);
        }
    }
}
