{{/* The worker pod, shared by the Deployment and the ScaledJob so both modes run the same container. */}}
{{- define "computeengine.workerPodTemplate" -}}
{{- $ctx := dict "root" . "component" "worker" "values" .Values.worker -}}
metadata:
  labels:
    {{- include "computeengine.podLabels" $ctx | nindent 4 }}
spec:
  {{- include "computeengine.podSpecCommon" $ctx | nindent 2 }}
  automountServiceAccountToken: false
  # Longer than Worker__ShutdownTimeout: SIGTERM starts the drain, SIGKILL must not cut it short.
  terminationGracePeriodSeconds: {{ include "computeengine.workerGracePeriod" . }}
  {{- with .Values.worker.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.worker.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- if eq .Values.worker.mode "job" }}
  restartPolicy: Never
  {{- end }}
  containers:
    - {{ include "computeengine.container" $ctx | indent 6 | trim }}
      env:
        {{- include "computeengine.commonEnv" $ctx | nindent 8 }}
        - name: Worker__ShutdownTimeout
          value: {{ include "computeengine.workerShutdownTimeout" . | quote }}
        {{- if eq .Values.worker.mode "job" }}
        {{- range $name, $value := .Values.worker.job.extraEnv }}
        - name: {{ $name }}
          value: {{ $value | quote }}
        {{- end }}
        {{- end }}
{{- end -}}
