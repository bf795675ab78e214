#!/usr/bin/env bash
# Static checks of grafana/: no Grafana and no running Barnum needed. One line per check, then a
# summary line; exit status 1 when any check failed, 2 when a tool is missing.
#   grafana/check/static.sh
# Needs promtool (Debian package prometheus), jq, node and npm; runs `npm ci` in grafana/check
# (the versions pinned by its package-lock.json) when its node_modules are missing.
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
grafana="$(dirname "$here")"
cd "$grafana"

if [ ! -x "$here/node_modules/.bin/tsc" ] && command -v npm >/dev/null; then
  npm ci --prefix "$here" --no-audit --no-fund --loglevel=error >&2 || true
fi
missing=()
for tool in promtool jq node; do command -v "$tool" >/dev/null || missing+=("$tool"); done
[ -x "$here/node_modules/.bin/tsc" ] || missing+=("grafana/check/node_modules (run: npm ci --prefix grafana/check)")
if ((${#missing[@]})); then
  printf 'static: missing %s\n' "${missing[@]}" >&2
  exit 2
fi

passed=0
failed=0
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

# run NAME COMMAND...: one line per check; the command's output is shown only when it fails.
run() {
  local name="$1"
  shift
  if "$@" >"$log" 2>&1; then
    passed=$((passed + 1))
    echo "ok   $name"
  else
    failed=$((failed + 1))
    echo "FAIL $name"
    sed 's/^/     /' "$log"
  fi
}

no_placeholders() {
  jq -e '[paths | map(tostring) | .[-1] | select(. == "__inputs" or . == "__requires")] | length == 0' \
    dashboards/barnum-fleet.json >/dev/null || { echo "__inputs/__requires present"; return 1; }
  ! grep -n '\${DS_' dashboards/barnum-fleet.json
}

run "promtool check rules prometheus/barnum-alerts.yml" promtool check rules prometheus/barnum-alerts.yml
run "promtool test rules prometheus/barnum-alerts.test.yml" promtool test rules prometheus/barnum-alerts.test.yml
run "promtool check config prometheus/prometheus.yml" promtool check config prometheus/prometheus.yml
run "promtool check config prometheus/prometheus-shards.yml" promtool check config prometheus/prometheus-shards.yml
run "promtool check config prometheus/prometheus-shards-file-sd.yml" promtool check config prometheus/prometheus-shards-file-sd.yml
run "barnum-targets.json is file_sd JSON (jq)" jq -e 'type == "array" and all(.[]; (.targets | type == "array") and (.labels | type == "object"))' prometheus/barnum-targets.json
run "promtool check metrics check/sample-metrics.prom" sh -c 'promtool check metrics < check/sample-metrics.prom'
run "dashboard JSON has no __inputs and no \${DS_...} (jq)" no_placeholders
run "dashboard type-checks against @grafana/schema (tsc -p check)" "$here/node_modules/.bin/tsc" --noEmit -p "$here"
run "dashboard, provisioning and rules lint (check/lint.mjs)" node "$here/lint.mjs"

echo "static: $passed passed, $failed failed"
((failed == 0))
