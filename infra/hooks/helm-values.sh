#!/bin/sh
# Writes the Helm values of one ComputeEngine release from the azd environment, which azd hands every hook
# as environment variables: provision outputs (main.bicep) and SERVICE_<NAME>_IMAGE_NAME, saved when the
# service's image was pushed. azure.yaml runs it as each service's predeploy hook and passes the file as
# that release's `values:`, because azd gives Helm nothing but --values (it expands no ${...} in them).
# Usage: helm-values.sh orchestrator|worker|dashboard
set -eu

component="${1:?usage: helm-values.sh orchestrator|worker|dashboard}"
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/infra/helm/generated/$component.yaml"

# A required azd environment value, or a message naming it and the step that sets it.
need() {
  eval "value=\${$1:-}"
  if [ -z "$value" ]; then
    echo "helm-values.sh: $1 is not set in the azd environment; $2" >&2
    exit 1
  fi
  printf '%s' "$value"
}

# A YAML single-quoted scalar: the only escape is '' for '.
quote() {
  printf "'%s'" "$(printf '%s' "$1" | sed "s/'/''/g")"
}

provisioned="run azd provision first"
pushed="azd sets it when it pushes the $component image"

case "$component" in
  orchestrator)
    image=$(need SERVICE_ORCHESTRATOR_IMAGE_NAME "$pushed")
    client_id=$(need AZURE_ORCHESTRATOR_IDENTITY_CLIENT_ID "$provisioned") ;;
  worker)
    image=$(need SERVICE_WORKER_IMAGE_NAME "$pushed")
    client_id=$(need AZURE_WORKER_IDENTITY_CLIENT_ID "$provisioned")
    keda_client_id=$(need AZURE_KEDA_IDENTITY_CLIENT_ID "$provisioned") ;;
  dashboard)
    image=$(need SERVICE_DASHBOARD_IMAGE_NAME "$pushed")
    client_id=$(need AZURE_DASHBOARD_IDENTITY_CLIENT_ID "$provisioned") ;;
  *)
    echo "helm-values.sh: unknown component '$component'" >&2
    exit 2 ;;
esac

account=$(need AZURE_STORAGE_ACCOUNT_NAME "$provisioned")
blob_endpoint=$(need AZURE_STORAGE_BLOB_ENDPOINT "$provisioned")
insights=$(need APPLICATIONINSIGHTS_CONNECTION_STRING "$provisioned")
event_grid=false
if [ "$component" = orchestrator ] && [ "${AZURE_EVENT_GRID_ENABLED:-false}" = true ]; then
  event_grid=true
  public_host=$(need AZURE_ORCHESTRATOR_PUBLIC_HOST "set it before enabling Event Grid (infra/README.md)")
  webhook_key=$(need AZURE_EVENT_GRID_WEBHOOK_KEY "set it before enabling Event Grid (infra/README.md)")
fi

# The file may hold the Event Grid webhook key: readable by its owner only, like azd's own .env.
umask 077
mkdir -p "$(dirname "$out")"
{
  echo "# Written by infra/hooks/helm-values.sh from the azd environment on every deploy; do not edit."
  echo "component: $component"
  echo "storage:"
  echo "  accountName: $(quote "$account")"
  echo "  blobEndpoint: $(quote "$blob_endpoint")"
  echo "applicationInsights:"
  echo "  connectionString: $(quote "$insights")"
  echo "$component:"
  echo "  image: $(quote "$image")"
  echo "  identityClientId: $(quote "$client_id")"
  if [ "$component" = worker ]; then
    echo "keda:"
    echo "  identityClientId: $(quote "$keda_client_id")"
  fi
  if [ "$event_grid" = true ]; then
    echo "eventGrid:"
    echo "  enabled: true"
    echo "  host: $(quote "$public_host")"
    echo "  webhookKey: $(quote "$webhook_key")"
  fi
} > "$out.partial"
mv "$out.partial" "$out"
echo "helm-values.sh: wrote $out"
