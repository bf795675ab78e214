#!/usr/bin/env bash
# Starts a throw-away Prometheus on loopback that loads grafana/prometheus/barnum-alerts.yml and
# scrapes Barnum's metrics, waits for data, runs queries.mjs against it (every dashboard query and
# alert expression must parse, the must-have-data ones must return series), then stops everything
# it started.
#
#   grafana/check/live.sh                  scrape sample-metrics.prom, served on 127.0.0.1 by python3
#   grafana/check/live.sh 127.0.0.1:8080   scrape a running `barnum-cli serve` at /q/metrics
#   grafana/check/live.sh HOST:PORT...     scrape several (the shards of one fleet)
#   grafana/check/live.sh TARGET... --active ALERT ...   also: ALERT is pending or firing (queries.mjs)
#
# Needs prometheus, node (and python3 without a target); `npm ci` in grafana/check first.
# Environment: BARNUM_CHECK_PROM_PORT (default 19090), BARNUM_CHECK_WAIT seconds (default 90),
# BARNUM_CHECK_HOSTS (default 1: how many barnum_host_up series to wait for, over every target), BARNUM_CHECK_ANSWERS (a
# file for what each query returned: queries.mjs --answers).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
rules="$(cd "$here/../prometheus" && pwd)/barnum-alerts.yml"
# the targets come first; what follows (--active ALERT ...) goes to queries.mjs
scraped=()
while [ $# -gt 0 ] && [[ "$1" != --* ]]; do
  scraped+=("$1")
  shift
done
target="${scraped[0]:-}"
targets="$(printf '"%s", ' "${scraped[@]}")"
hosts_wanted="${BARNUM_CHECK_HOSTS:-1}"
port="${BARNUM_CHECK_PROM_PORT:-19090}"
wait_s="${BARNUM_CHECK_WAIT:-90}"
base="http://127.0.0.1:$port"

for tool in prometheus node curl; do
  command -v "$tool" >/dev/null || { echo "live: $tool not found" >&2; exit 2; }
done

work="$(mktemp -d)"
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -z "$target" ]; then
  # Serve the sample as /q/metrics with Prometheus's text content type on an ephemeral port.
  mkdir -p "$work/www/q"
  cp "$here/sample-metrics.prom" "$work/www/q/metrics"
  python3 - "$work/www" "$work/http.port" <<'PY' &
import functools, http.server, sys
root, port_file = sys.argv[1], sys.argv[2]
class Handler(http.server.SimpleHTTPRequestHandler):
    def guess_type(self, path):
        return "text/plain; version=0.0.4; charset=utf-8"
    def log_message(self, *args):
        pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=root))
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
import os; os.rename(port_file + ".tmp", port_file)
server.serve_forever()
PY
  pids+=($!)
  for _ in $(seq 50); do [ -s "$work/http.port" ] && break; sleep 0.1; done
  [ -s "$work/http.port" ] || { echo "live: sample server did not start" >&2; exit 1; }
  target="127.0.0.1:$(cat "$work/http.port")"
  targets="\"$target\", "
  echo "live: serving sample-metrics.prom at http://$target/q/metrics"
fi

cat > "$work/prometheus.yml" <<YML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - $rules
scrape_configs:
  - job_name: barnum
    metrics_path: /q/metrics
    static_configs:
      - targets: [${targets%, }]
YML

if curl -s -o /dev/null "$base/-/ready"; then
  echo "live: something already listens on 127.0.0.1:$port (set BARNUM_CHECK_PROM_PORT)" >&2
  exit 1
fi
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
  --web.listen-address="127.0.0.1:$port" >"$work/prometheus.log" 2>&1 &
pids+=($!)
echo "live: prometheus pid ${pids[-1]} on $base scraping /q/metrics of ${targets%, }"

# Ready, then data: every must-have-data query needs the hosts, units and watchers, and increase()
# needs a few samples of the counters.
ready=""
for _ in $(seq "$((wait_s * 2))"); do
  if ! kill -0 "${pids[-1]}" 2>/dev/null; then
    echo "live: prometheus exited:" >&2
    tail -20 "$work/prometheus.log" >&2
    exit 1
  fi
  n="$( (curl -s "$base/api/v1/query" --data-urlencode "query=min(count_over_time(barnum_host_up[1m])) and on () (count(barnum_host_up) >= $hosts_wanted)" || true) \
    | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{const r=JSON.parse(s).data.result;console.log(r.length?r[0].value[1]:0)}catch{console.log(0)}})')"
  if [ "${n:-0}" -ge 5 ]; then ready=1; break; fi
  sleep 0.5
done
if [ -z "$ready" ]; then
  echo "live: no barnum_host_up samples after ${wait_s}s; target health:" >&2
  curl -s "$base/api/v1/targets" >&2 || true
  echo >&2
  exit 1
fi

node "$here/queries.mjs" "$base" --rules-loaded ${BARNUM_CHECK_ANSWERS:+--answers "$BARNUM_CHECK_ANSWERS"} "$@"
