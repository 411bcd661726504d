// The registry azd pushes the three service images to.
param location string
param tags object
param name string

resource registry 'Microsoft.ContainerRegistry/registries@2025-11-01' = {
  name: name
  location: location
  tags: tags
  sku: { name: 'Basic' }
  properties: {
    // Pulls use the kubelet identity and pushes use the deployer's Entra token: no admin user.
    adminUserEnabled: false
  }
}

output name string = registry.name
output loginServer string = registry.properties.loginServer
