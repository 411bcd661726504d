// The azd entry point: one resource group per azd environment with everything ComputeEngine needs on AKS.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; names and tags every resource.')
param environmentName string

@minLength(1)
@description('Primary location for all resources.')
param location string

@description('Object id of the deploying user (AZURE_PRINCIPAL_ID), made cluster admin so azd can install the chart.')
param principalId string = ''

// Not in main.parameters.json: azd deploys to azure.yaml's k8s.namespace, which it does not expand, so this
// default is the one setting both must equal (a test compares them).
@description('Kubernetes namespace of the Helm releases; the federated credentials trust its service accounts.')
param kubernetesNamespace string = 'computeengine'

// Service accounts of the chart (values.yaml serviceAccountName), one per federated identity.
param orchestratorServiceAccount string = 'computeengine-orchestrator'
param workerServiceAccount string = 'computeengine-worker'
param dashboardServiceAccount string = 'computeengine-dashboard'

@description('VM size of the system pool (orchestrator, dashboard, cluster add-ons).')
param systemNodeVmSize string = 'Standard_D2s_v5'

@minValue(1)
@description('Fewest system nodes; two keep the orchestrator and dashboard up while one node is upgraded.')
param systemNodeMinCount int = 2

@minValue(1)
@description('Most system nodes the cluster autoscaler adds for the orchestrator, dashboard and add-ons.')
param systemNodeMaxCount int = 5

@description('VM size of the compute pool that runs the workers.')
param computeNodeVmSize string = 'Standard_D4s_v5'

@minValue(0)
@description('Fewest compute nodes the cluster autoscaler keeps; 0 lets an idle cluster shed them all.')
param computeNodeMinCount int = 0

@minValue(1)
@description('Most compute nodes the cluster autoscaler adds; bounds the workers KEDA can place. About six workers fit a 4-vCPU node, so 20 hold KEDA\'s maxReplicaCount of 100.')
param computeNodeMaxCount int = 20

@description('Public DNS name of the orchestrator\'s Event Grid webhook; when set, AKS gets the managed NGINX ingress.')
param orchestratorPublicHost string = ''

@description('Subscribe the orchestrator to BlobCreated events of the output container (needs a public HTTPS endpoint).')
param eventGridEnabled bool = false

@secure()
@description('Webhook URL of the orchestrator with its key, https://<orchestratorHost>/runtime/webhooks/eventgrid?code=<key>.')
param eventGridEndpointUrl string = ''

var tags = { 'azd-env-name': environmentName }
// Stable per environment, subscription and location: names stay the same on every `azd provision`.
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))

resource resourceGroup 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module resources 'resources.bicep' = {
  name: 'resources'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    resourceToken: resourceToken
    principalId: principalId
    kubernetesNamespace: kubernetesNamespace
    orchestratorServiceAccount: orchestratorServiceAccount
    workerServiceAccount: workerServiceAccount
    dashboardServiceAccount: dashboardServiceAccount
    systemNodeVmSize: systemNodeVmSize
    systemNodeMinCount: systemNodeMinCount
    systemNodeMaxCount: systemNodeMaxCount
    computeNodeVmSize: computeNodeVmSize
    computeNodeMinCount: computeNodeMinCount
    computeNodeMaxCount: computeNodeMaxCount
    webAppRoutingEnabled: !empty(orchestratorPublicHost)
    eventGridEnabled: eventGridEnabled
    eventGridEndpointUrl: eventGridEndpointUrl
  }
}

// azd stores these in the environment; azure.yaml passes them to the Helm chart.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = resourceGroup.name
output AZURE_AKS_CLUSTER_NAME string = resources.outputs.aksClusterName
output AZURE_CONTAINER_REGISTRY_NAME string = resources.outputs.registryName
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = resources.outputs.registryLoginServer
output AZURE_KUBERNETES_NAMESPACE string = kubernetesNamespace
output AZURE_STORAGE_ACCOUNT_NAME string = resources.outputs.storageAccountName
output AZURE_STORAGE_BLOB_ENDPOINT string = resources.outputs.storageBlobEndpoint
output AZURE_ORCHESTRATOR_IDENTITY_CLIENT_ID string = resources.outputs.orchestratorClientId
output AZURE_WORKER_IDENTITY_CLIENT_ID string = resources.outputs.workerClientId
output AZURE_DASHBOARD_IDENTITY_CLIENT_ID string = resources.outputs.dashboardClientId
output AZURE_KEDA_IDENTITY_CLIENT_ID string = resources.outputs.kedaClientId
output AZURE_LOG_ANALYTICS_WORKSPACE_NAME string = resources.outputs.logAnalyticsWorkspaceName
output AZURE_APPLICATION_INSIGHTS_NAME string = resources.outputs.applicationInsightsName
// Where the services send telemetry (the chart's applicationInsights.connectionString). Not a secret:
// local authentication is off, so only the identities granted Monitoring Metrics Publisher may send.
output APPLICATIONINSIGHTS_CONNECTION_STRING string = resources.outputs.applicationInsightsConnectionString
