// AKS with the managed KEDA add-on and workload identity: an autoscaled system pool for the orchestrator,
// dashboard and add-ons, and an autoscaled compute pool that only the workers tolerate.
param location string
param tags object
param name string
param logAnalyticsWorkspaceId string
param systemNodeVmSize string
param systemNodeMinCount int
param systemNodeMaxCount int
param computeNodeVmSize string
param computeNodeMinCount int
param computeNodeMaxCount int

@description('Managed NGINX ingress (app routing), needed only to expose the Event Grid webhook.')
param webAppRoutingEnabled bool

@description('Object id granted cluster admin through Azure RBAC; empty grants nobody.')
param adminPrincipalId string

// Built-in 'Azure Kubernetes Service RBAC Cluster Admin'.
var clusterAdminRoleId = 'b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b'

resource cluster 'Microsoft.ContainerService/managedClusters@2026-08-01' = {
  name: name
  location: location
  tags: tags
  identity: { type: 'SystemAssigned' }
  sku: { name: 'Base', tier: 'Free' }
  properties: {
    dnsPrefix: name
    enableRBAC: true
    // Entra ID sign-in with Azure RBAC only: azd converts its kubeconfig with kubelogin.
    disableLocalAccounts: true
    aadProfile: {
      managed: true
      enableAzureRBAC: true
    }
    oidcIssuerProfile: { enabled: true }
    securityProfile: {
      workloadIdentity: { enabled: true }
    }
    workloadAutoScalerProfile: {
      keda: { enabled: true }
    }
    ingressProfile: {
      webAppRouting: { enabled: webAppRoutingEnabled }
    }
    addonProfiles: {
      omsagent: {
        enabled: true
        config: {
          logAnalyticsWorkspaceResourceID: logAnalyticsWorkspaceId
          useAADAuth: 'true'
        }
      }
    }
    networkProfile: {
      networkPlugin: 'azure'
      networkPluginMode: 'overlay'
      // Cilium enforces the chart's NetworkPolicies; without a policy engine they would be ignored.
      networkDataplane: 'cilium'
      networkPolicy: 'cilium'
    }
    agentPoolProfiles: [
      {
        name: 'system'
        mode: 'System'
        type: 'VirtualMachineScaleSets'
        osType: 'Linux'
        osSKU: 'AzureLinux'
        vmSize: systemNodeVmSize
        enableAutoScaling: true
        minCount: systemNodeMinCount
        maxCount: systemNodeMaxCount
        count: systemNodeMinCount
      }
      {
        name: 'compute'
        mode: 'User'
        type: 'VirtualMachineScaleSets'
        osType: 'Linux'
        osSKU: 'AzureLinux'
        vmSize: computeNodeVmSize
        // KEDA adds pending worker pods; the cluster autoscaler adds nodes for them, within min..max.
        enableAutoScaling: true
        minCount: computeNodeMinCount
        maxCount: computeNodeMaxCount
        count: computeNodeMinCount
        // Matches worker.nodeSelector and worker.tolerations in the Helm chart's values.yaml.
        nodeLabels: { workload: 'compute' }
        nodeTaints: ['workload=compute:NoSchedule']
      }
    ]
    autoScalerProfile: {
      // Give nodes back soon after a burst; KEDA's cooldown has already removed the pods.
      'scale-down-unneeded-time': '5m'
      'scale-down-delay-after-add': '5m'
    }
  }
}

resource clusterAdmin 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(adminPrincipalId)) {
  name: guid(cluster.id, adminPrincipalId, clusterAdminRoleId)
  scope: cluster
  properties: {
    principalId: adminPrincipalId
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', clusterAdminRoleId)
  }
}

// Control-plane logs a deployment is debugged with: who changed what, and why nodes came and went.
resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: cluster
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      { category: 'kube-audit-admin', enabled: true }
      { category: 'cluster-autoscaler', enabled: true }
      { category: 'guard', enabled: true }
    ]
  }
}

output name string = cluster.name
output oidcIssuerUrl string = cluster.properties.oidcIssuerProfile.issuerURL
output kubeletObjectId string = cluster.properties.identityProfile.kubeletidentity.objectId
