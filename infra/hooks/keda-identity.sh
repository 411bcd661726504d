#!/bin/sh
# The managed KEDA add-on's operator reads the queue length as the KEDA identity, federated with
# kube-system/keda-operator during provisioning. Operator pods started before that credential existed
# never get a working token (Microsoft's walkthrough restarts them once the credential is made:
# learn.microsoft.com/azure/aks/keda-workload-identity), and the workers would stay at zero.
# azure.yaml runs this as the worker's postdeploy hook, where azd has set kubectl's context. Idempotent:
# it restarts the operator only while one of its pods is older than the worker's TriggerAuthentication,
# which the first deploy after provisioning creates.
set -eu

namespace="${AZURE_KUBERNETES_NAMESPACE:?AZURE_KUBERNETES_NAMESPACE is not set in the azd environment; run azd provision first}"
auth=computeengine-queue-auth

created=$(kubectl get triggerauthentication "$auth" -n "$namespace" -o jsonpath='{.metadata.creationTimestamp}')
selector=$(kubectl get deployment keda-operator -n kube-system -o go-template='{{range $k, $v := .spec.selector.matchLabels}}{{$k}}={{$v}},{{end}}')
selector=${selector%,}
# RFC 3339 UTC timestamps sort as text.
oldest=$(kubectl get pods -n kube-system -l "$selector" -o jsonpath='{range .items[*]}{.metadata.creationTimestamp}{"\n"}{end}' | sort | head -n 1)

if [ -n "$oldest" ] && [ "$oldest" != "$created" ] \
  && [ "$(printf '%s\n%s\n' "$oldest" "$created" | sort | head -n 1)" = "$oldest" ]; then
  echo "keda-identity.sh: the KEDA operator started before $auth ($oldest < $created); restarting it"
  kubectl rollout restart deployment/keda-operator -n kube-system
  kubectl rollout status deployment/keda-operator -n kube-system --timeout=300s
else
  echo "keda-identity.sh: the KEDA operator started after $auth; nothing to do"
fi
