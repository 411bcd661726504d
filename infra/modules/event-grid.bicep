// The seed's fan-in: BlobCreated of an output blob is pushed to the orchestrator's webhook.
param location string
param tags object
param name string
param storageAccountName string
param outputContainerName string

// Event Grid authenticates a webhook delivery with a client secret in the endpoint URL's query string
// ("Authenticate event delivery to event handlers", learn.microsoft.com/azure/event-grid/security-authentication):
// it calls the URL as given for the validation handshake and every delivery, and shows only its base.
@secure()
@minLength(12)
@description('https://<orchestratorHost>/runtime/webhooks/eventgrid?code=<key>; Event Grid validates it on creation.')
param endpointUrl string

@allowed(['EventGridSchema', 'CloudEventSchemaV1_0'])
param deliverySchema string = 'EventGridSchema'

resource account 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName
}

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    source: account.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

resource outputBlobCreated 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: topic
  name: 'output-blob-created'
  properties: {
    eventDeliverySchema: deliverySchema
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: endpointUrl
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    filter: {
      includedEventTypes: ['Microsoft.Storage.BlobCreated']
      // Only the output container: inputs and claim-checked batches must not look like completions.
      subjectBeginsWith: '/blobServices/default/containers/${outputContainerName}/'
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}
