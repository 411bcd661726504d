// Everything inside the environment's resource group, wired together.
param location string
param tags object
param resourceToken string
param principalId string
param kubernetesNamespace string
param orchestratorServiceAccount string
param workerServiceAccount string
param dashboardServiceAccount string
param systemNodeVmSize string
param systemNodeMinCount int
param systemNodeMaxCount int
param computeNodeVmSize string
param computeNodeMinCount int
param computeNodeMaxCount int
param webAppRoutingEnabled bool
param eventGridEnabled bool
@secure()
param eventGridEndpointUrl string

// Built-in role definition ids.
var roles = {
  blobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  blobDataReader: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'
  queueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  queueDataReader: '19e7f393-937e-4f77-808e-94535e297925'
  tableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  tableDataReader: '76199698-9eea-4c19-bc75-cec21354c6b6'
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    tags: tags
    logAnalyticsName: 'log-${resourceToken}'
    applicationInsightsName: 'appi-${resourceToken}'
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    tags: tags
    name: 'st${resourceToken}'
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
  }
}

module registry 'modules/registry.bicep' = {
  name: 'registry'
  params: {
    location: location
    tags: tags
    name: 'cr${resourceToken}'
  }
}

module aks 'modules/aks.bicep' = {
  name: 'aks'
  params: {
    location: location
    tags: tags
    name: 'aks-${resourceToken}'
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
    systemNodeVmSize: systemNodeVmSize
    systemNodeMinCount: systemNodeMinCount
    systemNodeMaxCount: systemNodeMaxCount
    computeNodeVmSize: computeNodeVmSize
    computeNodeMinCount: computeNodeMinCount
    computeNodeMaxCount: computeNodeMaxCount
    webAppRoutingEnabled: webAppRoutingEnabled
    adminPrincipalId: principalId
  }
}

module containerInsights 'modules/container-insights.bicep' = {
  name: 'container-insights'
  params: {
    location: location
    tags: tags
    clusterName: aks.outputs.name
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
  }
}

module acrPull 'modules/registry-pull.bicep' = {
  name: 'registry-pull'
  params: {
    registryName: registry.outputs.name
    kubeletObjectId: aks.outputs.kubeletObjectId
  }
}

module orchestratorIdentity 'modules/workload-identity.bicep' = {
  name: 'id-orchestrator'
  params: {
    location: location
    tags: tags
    name: 'id-orchestrator-${resourceToken}'
    oidcIssuerUrl: aks.outputs.oidcIssuerUrl
    subject: 'system:serviceaccount:${kubernetesNamespace}:${orchestratorServiceAccount}'
  }
}

module workerIdentity 'modules/workload-identity.bicep' = {
  name: 'id-worker'
  params: {
    location: location
    tags: tags
    name: 'id-worker-${resourceToken}'
    oidcIssuerUrl: aks.outputs.oidcIssuerUrl
    subject: 'system:serviceaccount:${kubernetesNamespace}:${workerServiceAccount}'
  }
}

module dashboardIdentity 'modules/workload-identity.bicep' = {
  name: 'id-dashboard'
  params: {
    location: location
    tags: tags
    name: 'id-dashboard-${resourceToken}'
    oidcIssuerUrl: aks.outputs.oidcIssuerUrl
    subject: 'system:serviceaccount:${kubernetesNamespace}:${dashboardServiceAccount}'
  }
}

// The managed KEDA add-on runs as kube-system/keda-operator; a TriggerAuthentication's identityId
// must be federated with that account, not with the workload's.
module kedaIdentity 'modules/workload-identity.bicep' = {
  name: 'id-keda'
  params: {
    location: location
    tags: tags
    name: 'id-keda-${resourceToken}'
    oidcIssuerUrl: aks.outputs.oidcIssuerUrl
    subject: 'system:serviceaccount:kube-system:keda-operator'
  }
}

// The orchestrator and workers create, read and write queues, blobs and tables at startup and per item.
module orchestratorStorageAccess 'modules/storage-access.bicep' = {
  name: 'storage-access-orchestrator'
  params: {
    storageAccountName: storage.outputs.name
    principalId: orchestratorIdentity.outputs.principalId
    roleIds: [roles.blobDataContributor, roles.queueDataContributor, roles.tableDataContributor]
  }
}

module workerStorageAccess 'modules/storage-access.bicep' = {
  name: 'storage-access-worker'
  params: {
    storageAccountName: storage.outputs.name
    principalId: workerIdentity.outputs.principalId
    roleIds: [roles.blobDataContributor, roles.queueDataContributor, roles.tableDataContributor]
  }
}

// The dashboard only looks: queue depths, worker heartbeats, outputs.
module dashboardStorageAccess 'modules/storage-access.bicep' = {
  name: 'storage-access-dashboard'
  params: {
    storageAccountName: storage.outputs.name
    principalId: dashboardIdentity.outputs.principalId
    roleIds: [roles.blobDataReader, roles.queueDataReader, roles.tableDataReader]
  }
}

// KEDA reads the length of the work queue and nothing else.
module kedaQueueAccess 'modules/queue-reader.bicep' = {
  name: 'queue-reader-keda'
  params: {
    storageAccountName: storage.outputs.name
    queueName: storage.outputs.workQueueName
    principalId: kedaIdentity.outputs.principalId
    roleId: roles.queueDataReader
  }
}

// Every service sends its traces, metrics and logs to Application Insights as its own identity.
var telemetryPrincipalIds = [
  orchestratorIdentity.outputs.principalId
  workerIdentity.outputs.principalId
  dashboardIdentity.outputs.principalId
]

module telemetryPublishers 'modules/telemetry-publisher.bicep' = [
  for (service, index) in ['orchestrator', 'worker', 'dashboard']: {
    name: 'telemetry-publisher-${service}'
    params: {
      applicationInsightsName: monitoring.outputs.applicationInsightsName
      principalId: telemetryPrincipalIds[index]
    }
  }
]

module eventGrid 'modules/event-grid.bicep' = if (eventGridEnabled) {
  name: 'event-grid'
  params: {
    location: location
    tags: tags
    name: 'evgt-${resourceToken}'
    storageAccountName: storage.outputs.name
    outputContainerName: storage.outputs.outputContainerName
    endpointUrl: eventGridEndpointUrl
  }
}

output aksClusterName string = aks.outputs.name
output registryName string = registry.outputs.name
output registryLoginServer string = registry.outputs.loginServer
output storageAccountName string = storage.outputs.name
output storageBlobEndpoint string = storage.outputs.blobEndpoint
output orchestratorClientId string = orchestratorIdentity.outputs.clientId
output workerClientId string = workerIdentity.outputs.clientId
output dashboardClientId string = dashboardIdentity.outputs.clientId
output kedaClientId string = kedaIdentity.outputs.clientId
output logAnalyticsWorkspaceName string = monitoring.outputs.logAnalyticsWorkspaceName
output applicationInsightsName string = monitoring.outputs.applicationInsightsName
output applicationInsightsConnectionString string = monitoring.outputs.applicationInsightsConnectionString
