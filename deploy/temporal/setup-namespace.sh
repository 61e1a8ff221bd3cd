#!/bin/sh
# One-shot job (temporalio/admin-tools): create the app's namespace, then register every custom
# search attribute of libs/temporal/search-attributes.json (mounted read-only, read at run time so
# the list has one source). Safe to re-run: existing namespace/attributes are left alone; an
# attribute that exists with a different type is a real conflict and fails the job.
set -eu

ADDRESS="${TEMPORAL_ADDRESS:-temporal:7233}"
NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
RETENTION="${TEMPORAL_NAMESPACE_RETENTION:-30d}"
SA_FILE="${SEARCH_ATTRIBUTES_FILE:-/etc/temporal/app/search-attributes.json}"

t() { temporal "$@" --address "$ADDRESS"; }

# Flat {"Name": "Type"} object -> "Name Type" lines, without jq so the job needs only a POSIX shell.
pairs() {
  tr -d '{}" \t\r' <"$SA_FILE" | tr ',' '\n' | sed -n 's/^\([A-Za-z_][A-Za-z0-9_]*\):\([A-Za-z]*\)$/\1 \2/p'
}

[ -r "$SA_FILE" ] || { echo "search attributes file not readable: $SA_FILE" >&2; exit 1; }
# Refuse entries the parser would silently drop (nested values, odd names).
expected=$(($(tr -cd ':' <"$SA_FILE" | wc -c)))
parsed=$(($(pairs | wc -l)))
if [ "$parsed" -eq 0 ] || [ "$parsed" -ne "$expected" ]; then
  echo "could not parse $SA_FILE as a flat {\"Name\": \"Type\"} object ($parsed of $expected entries)" >&2
  exit 1
fi

# wait_for DESCRIPTION COMMAND...: retry for up to ~2 minutes.
wait_for() {
  what="$1"; shift
  tries=0
  until "$@" >/dev/null 2>&1; do
    tries=$((tries + 1))
    [ "$tries" -lt 60 ] || { echo "timed out waiting for $what" >&2; "$@" >&2 || true; exit 1; }
    sleep 2
  done
}

# The server port opens before the frontend serves.
wait_for "Temporal at $ADDRESS to be healthy" t operator cluster health

if t operator namespace describe --namespace "$NAMESPACE" >/dev/null 2>&1; then
  echo "namespace $NAMESPACE: exists"
else
  t operator namespace create --namespace "$NAMESPACE" --retention "$RETENTION"
  echo "namespace $NAMESPACE: created (retention $RETENTION)"
fi
# A new namespace reaches the frontend's cache a few seconds later; until then the search-attribute
# calls answer "namespace not found".
wait_for "namespace $NAMESPACE to be served" t operator search-attribute list --namespace "$NAMESPACE"

while read -r name type; do
  if out=$(t operator search-attribute create --namespace "$NAMESPACE" --name "$name" --type "$type" 2>&1); then
    echo "search attribute $name ($type): registered or already present"
  elif printf '%s' "$out" | grep -qi 'different type'; then
    echo "$out" >&2
    exit 1
  elif printf '%s' "$out" | grep -qi 'already exists'; then
    # Older servers reject re-adding an attribute; newer ones accept it silently.
    echo "search attribute $name ($type): already registered"
  else
    echo "$out" >&2
    exit 1
  fi
done <<EOF
$(pairs)
EOF

# Prove the namespace now lists every attribute before the app is allowed to start.
listed=$(t operator search-attribute list --namespace "$NAMESPACE" --output json)
missing=''
for name in $(pairs | cut -d' ' -f1); do
  printf '%s' "$listed" | grep -q "\"$name\"" || missing="$missing $name"
done
if [ -n "$missing" ]; then
  echo "search attributes missing after registration:$missing" >&2
  exit 1
fi
echo "search attributes: all $parsed present in namespace $NAMESPACE"
