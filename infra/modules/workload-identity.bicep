// A user-assigned identity that one Kubernetes service account may act as (workload identity).
param location string
param tags object
param name string
param oidcIssuerUrl string

@description('system:serviceaccount:<namespace>:<name> of the only account trusted to use this identity.')
param subject string

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

resource federation 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials@2024-11-30' = {
  parent: identity
  name: 'kubernetes'
  properties: {
    issuer: oidcIssuerUrl
    subject: subject
    audiences: ['api://AzureADTokenExchange']
  }
}

output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
