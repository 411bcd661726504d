{{/* The worker pod, shared by the Deployment and the ScaledJob so both modes run the same container. */}}
{{- define "computeengine.workerPodTemplate" -}}
{{- $values := .Values.worker -}}
{{- $volumes := list -}}
{{- $mounts := list -}}
{{- with .Values.worker.python.algorithms }}
{{- /* Python algorithms need the image built with `--target python`; the default image has no Python. */}}
{{- $values = merge (dict "image" (required "worker.python.image is required when worker.python.algorithms is set: the default worker image has no Python" $.Values.worker.python.image)) (deepCopy $.Values.worker) -}}
{{- range $name, $algorithm := . }}
{{- $volumes = append $volumes (dict "name" (printf "algorithm-%s" $name) "configMap" (dict "name" $algorithm.configMap)) -}}
{{- $mounts = append $mounts (dict "name" (printf "algorithm-%s" $name) "mountPath" (printf "/algorithms/%s" $name) "readOnly" true) -}}
{{- end }}
{{- end }}
{{- $ctx := dict "root" . "component" "worker" "values" $values "extraVolumes" $volumes "extraVolumeMounts" $mounts -}}
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
        {{- range $name, $algorithm := .Values.worker.python.algorithms }}
        {{- /* A persistent pool of the shipped runner per algorithm, importing the mounted files (Worker:Processes). */}}
        - name: Worker__Processes__{{ $name }}__Command
          value: python3
        - name: Worker__Processes__{{ $name }}__Mode
          value: Persistent
        - name: Worker__Processes__{{ $name }}__Arguments__0
          value: /app/runners/python/computeengine_runner.py
        - name: Worker__Processes__{{ $name }}__Arguments__1
          value: --module
        - name: Worker__Processes__{{ $name }}__Arguments__2
          value: /algorithms/{{ $name }}
        {{- end }}
        {{- if eq .Values.worker.mode "job" }}
        {{- range $name, $value := .Values.worker.job.extraEnv }}
        - name: {{ $name }}
          value: {{ $value | quote }}
        {{- end }}
        {{- end }}
{{- end -}}
