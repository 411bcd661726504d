{{/* Names are prefixed by the instance, shared by the per-service releases that make up one ComputeEngine. */}}
{{- define "computeengine.name" -}}
{{- printf "%s-%s" .root.Values.instance .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* "true" when this release installs the component: azd installs one release per service, by hand `all`. */}}
{{- define "computeengine.installs" -}}
{{- if or (eq .root.Values.component "all") (eq .root.Values.component .component) -}}true{{- end -}}
{{- end -}}

{{- define "computeengine.selectorLabels" -}}
app.kubernetes.io/name: computeengine
app.kubernetes.io/instance: {{ .root.Values.instance }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "computeengine.labels" -}}
{{ include "computeengine.selectorLabels" . }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{/* The Secret that holds the API key shared by the orchestrator and the dashboard. */}}
{{- define "computeengine.apiKeySecretName" -}}
{{- printf "%s-api-key" .Values.instance -}}
{{- end -}}

{{/* The account's blob endpoint: services build the queue and table endpoints from it. */}}
{{- define "computeengine.blobEndpoint" -}}
{{- if .Values.storage.blobEndpoint -}}
{{- .Values.storage.blobEndpoint -}}
{{- else -}}
{{- printf "https://%s.blob.core.windows.net/" (required "storage.accountName is required" .Values.storage.accountName) -}}
{{- end -}}
{{- end -}}

{{/* A ServiceAccount federated with a managed identity (azure.workload.identity). */}}
{{- define "computeengine.serviceAccount" -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ .values.serviceAccountName }}
  labels:
    {{- include "computeengine.labels" . | nindent 4 }}
  annotations:
    azure.workload.identity/client-id: {{ required (printf "%s.identityClientId is required" .component) .values.identityClientId | quote }}
{{- end -}}

{{/* Environment every service reads: storage through workload identity, optional OTLP, extras. */}}
{{- define "computeengine.commonEnv" -}}
- name: ConnectionStrings__storage
  value: {{ include "computeengine.blobEndpoint" .root | quote }}
- name: OTEL_SERVICE_NAME
  value: {{ .component | quote }}
{{- with .root.Values.otel.endpoint }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ . | quote }}
{{- end }}
{{- with .root.Values.applicationInsights.connectionString }}
- name: APPLICATIONINSIGHTS_CONNECTION_STRING
  value: {{ . | quote }}
{{- end }}
{{- range $name, $value := .values.extraEnv }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- end -}}

{{- define "computeengine.apiKeyEnv" -}}
- name: Orchestrator__ApiKey
  valueFrom:
    secretKeyRef:
      name: {{ include "computeengine.apiKeySecretName" . }}
      key: api-key
{{- end -}}

{{/* Probes on the ServiceDefaults endpoints: /alive is liveness only, /health includes dependencies.
     A service listens only once its storage is initialised, which waits while a first deploy's role
     assignments propagate: the startup probe holds liveness off until then instead of restarting it. */}}
{{- define "computeengine.probes" -}}
startupProbe:
  httpGet:
    path: /alive
    port: http
  periodSeconds: {{ .root.Values.startupProbe.periodSeconds }}
  failureThreshold: {{ .root.Values.startupProbe.failureThreshold }}
readinessProbe:
  httpGet:
    path: /health
    port: http
  periodSeconds: 10
  failureThreshold: 3
livenessProbe:
  httpGet:
    path: /alive
    port: http
  periodSeconds: 20
  failureThreshold: 3
{{- end -}}

{{/* A .NET container: non-root, read-only root, a writable /tmp for the runtime's diagnostics socket. */}}
{{- define "computeengine.container" -}}
name: {{ .component }}
image: {{ required (printf "%s.image is required: the release would install nothing of it" .component) .values.image | quote }}
ports:
  - name: http
    containerPort: 8080
    protocol: TCP
securityContext:
  {{- toYaml .root.Values.containerSecurityContext | nindent 2 }}
resources:
  {{- toYaml .values.resources | nindent 2 }}
volumeMounts:
  - name: tmp
    mountPath: /tmp
  {{- with .extraVolumeMounts }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
{{ include "computeengine.probes" . }}
{{- end -}}

{{- define "computeengine.podSpecCommon" -}}
serviceAccountName: {{ .values.serviceAccountName }}
securityContext:
  {{- toYaml .root.Values.podSecurityContext | nindent 2 }}
volumes:
  - name: tmp
    emptyDir: {}
  {{- with .extraVolumes }}
  {{- toYaml . | nindent 2 }}
  {{- end }}
{{- end -}}

{{/* Pods that talk to Azure get a federated token injected by the workload identity webhook. */}}
{{- define "computeengine.podLabels" -}}
{{ include "computeengine.selectorLabels" . }}
azure.workload.identity/use: "true"
{{- end -}}

{{/* The queue trigger shared by the ScaledObject and the ScaledJob; KEDA metadata values are strings. */}}
{{- define "computeengine.queueTrigger" -}}
{{- $scale := .Values.worker.scale -}}
- type: azure-queue
  metadata:
    queueName: {{ .Values.storage.workQueue | quote }}
    queueLength: {{ $scale.queueLength | quote }}
    activationQueueLength: {{ $scale.activationQueueLength | quote }}
    queueLengthStrategy: {{ $scale.queueLengthStrategy | quote }}
    accountName: {{ required "storage.accountName is required" .Values.storage.accountName | quote }}
    cloud: {{ .Values.keda.cloud | quote }}
  authenticationRef:
    name: {{ include "computeengine.name" (dict "root" . "component" "queue-auth") }}
{{- end -}}

{{/* The orchestrator's backlog (work messages every job still needs): the dispatch window keeps the queue
     short, so without it a big job would never scale past a few workers. Same target per replica as the
     queue trigger; the HPA takes the larger of the two (KEDA metrics-api scaler: url, valueLocation, targetValue). */}}
{{- define "computeengine.backlogTrigger" -}}
{{- $scale := .Values.worker.scale -}}
- type: metrics-api
  metadata:
    url: {{ printf "http://%s.%s.svc.cluster.local/metrics/backlog" (include "computeengine.name" (dict "root" . "component" "orchestrator")) .Release.Namespace | quote }}
    valueLocation: "batches"
    targetValue: {{ $scale.queueLength | quote }}
    activationTargetValue: {{ $scale.activationQueueLength | quote }}
{{- end -}}

{{/* Worker__ShutdownTimeout as a TimeSpan (hh:mm:ss). */}}
{{- define "computeengine.workerShutdownTimeout" -}}
{{- $s := int .Values.worker.shutdownTimeoutSeconds -}}
{{- printf "%02d:%02d:%02d" (div $s 3600) (mod (div $s 60) 60) (mod $s 60) -}}
{{- end -}}

{{- define "computeengine.workerGracePeriod" -}}
{{- add .Values.worker.shutdownTimeoutSeconds .Values.worker.terminationGraceMarginSeconds -}}
{{- end -}}
