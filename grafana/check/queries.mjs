#!/usr/bin/env node
// Runs every dashboard query (panel targets and query variables) and every alert rule expression
// through a real Prometheus's HTTP API.
//   node grafana/check/queries.mjs http://127.0.0.1:9090 [--rules-loaded] [--active ALERT]... [--answers FILE]
// Each must be accepted (status "success"); each whose id is listed in must-have-data.txt must
// return at least one series. Dashboard variables are replaced by `.*` (what "All" selects),
// $__rate_interval and $__interval by 1m, $__range by 1h. With --rules-loaded, also checks that
// this Prometheus loaded every alert of barnum-alerts.yml and evaluates it without error. With
// --active ALERT, also that ALERT is pending or firing (what the scraped fleet should raise), and
// prints the labels of each of its alerts but alertname and severity.
// With --answers FILE, also writes what each query returned, as JSON {id: ["{labels} value", ...]},
// the series sorted, without the labels that name the scraped instance (instance, job) and with
// values rounded to 3 decimals: the same fleet behind one instance or several gives the same file.
// One line per query, then a summary line; exit status 1 when anything failed, 2 on bad usage.
import { paths, readJson, readYaml, readList, panelQueries, ruleQueries, variableQueries, templateVariableNames, substitute } from './lib.mjs';

const args = process.argv.slice(2);
const rulesLoaded = args.includes('--rules-loaded');
const active = args.flatMap((a, i) => (args[i - 1] === '--active' ? [a] : []));
const answersAt = args.indexOf('--answers');
const answersFile = answersAt >= 0 ? args[answersAt + 1] : undefined;
const positional = args.filter(
  (a, i) =>
    a !== '--rules-loaded' && a !== '--active' && args[i - 1] !== '--active' && (answersAt < 0 || (i !== answersAt && i !== answersAt + 1)),
);
const base = positional[0];
if (positional.length !== 1 || !/^https?:\/\//.test(base) || args.at(-1) === '--active' || (answersAt >= 0 && !answersFile)) {
  console.error('usage: node queries.mjs PROMETHEUS_BASE_URL [--rules-loaded] [--active ALERT]... [--answers FILE]   (e.g. http://127.0.0.1:9090)');
  process.exit(2);
}
const answers = {};
const INSTANCE_LABELS = new Set(['instance', 'job']);
const answer = (result) => {
  const one = (labels, value) => {
    const kept = Object.entries(labels ?? {}).filter(([k]) => !INSTANCE_LABELS.has(k)).sort(([a], [b]) => a.localeCompare(b));
    return `{${kept.map(([k, v]) => `${k}="${v}"`).join(',')}} ${Math.round(Number(value) * 1000) / 1000}`;
  };
  if (Array.isArray(result)) return result.map((r) => one(r.metric, (r.value ?? r.values?.at(-1))[1])).sort();
  return [one({}, result[1])];
};
const api = (path) => new URL(path, base.endsWith('/') ? base : `${base}/`);

const dashboard = readJson(paths.dashboard);
const rules = readYaml(paths.rules);
const mustHaveData = new Set(readList(paths.mustHaveData));
const names = templateVariableNames(dashboard);

const checks = [];
for (const q of panelQueries(dashboard)) checks.push({ id: q.id, expr: q.expr });
for (const v of variableQueries(dashboard)) {
  // label_values(selector, label) asks for the label's values among the selector's series: the
  // same set as this query returns.
  checks.push(v.selector
    ? { id: v.id, expr: `group by (${v.label}) (${v.selector})` }
    : { id: v.id, error: `not a label_values(selector, label) query: ${v.query}` });
}
for (const r of ruleQueries(rules)) checks.push({ id: r.id, expr: r.expr });

async function query(expr) {
  const res = await fetch(api('api/v1/query'), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ query: expr }),
    signal: AbortSignal.timeout(30_000),
  });
  let body;
  try {
    body = await res.json();
  } catch {
    return { error: `HTTP ${res.status}, not JSON` };
  }
  if (body.status !== 'success') return { error: `${body.errorType ?? 'error'}: ${body.error ?? `HTTP ${res.status}`}` };
  const { resultType, result } = body.data;
  const series = resultType === 'vector' || resultType === 'matrix' ? result.length : 1;
  return { series, answer: answer(result) };
}

let passed = 0;
let failed = 0;
const report = (ok, id, detail) => {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${id}: ${detail}`);
};

for (const check of checks) {
  if (check.error) {
    report(false, check.id, check.error);
    continue;
  }
  const { expr, unknown } = substitute(check.expr, names);
  if (unknown.length) {
    report(false, check.id, `unknown variable(s) ${[...new Set(unknown)].join(', ')}`);
    continue;
  }
  let result;
  try {
    result = await query(expr);
  } catch (e) {
    report(false, check.id, `request failed: ${e.cause?.message ?? e.message}`);
    continue;
  }
  if (result.error) report(false, check.id, `${result.error} in: ${expr.replace(/\s+/g, ' ')}`);
  else if (result.series === 0 && mustHaveData.has(check.id)) report(false, check.id, 'no series, but listed in must-have-data.txt');
  else report(true, check.id, `${result.series} series`);
  if (!result.error) answers[check.id] = result.answer;
}
async function loadedRules() {
  const body = await (await fetch(api('api/v1/rules?type=alert'), { signal: AbortSignal.timeout(30_000) })).json();
  return new Map((body.data?.groups ?? []).flatMap((g) => g.rules).map((r) => [r.name, r]));
}
if (rulesLoaded) {
  try {
    const loaded = await loadedRules();
    for (const { rule } of ruleQueries(rules).filter((r) => r.rule.alert)) {
      const got = loaded.get(rule.alert);
      if (!got) report(false, `loaded ${rule.alert}`, 'not among the alerting rules this Prometheus loaded');
      else if (got.health !== 'ok' || got.lastError) report(false, `loaded ${rule.alert}`, `health ${got.health}: ${got.lastError ?? ''}`);
      else if (!got.lastEvaluation || got.lastEvaluation.startsWith('0001-')) report(false, `loaded ${rule.alert}`, 'never evaluated yet');
      else report(true, `loaded ${rule.alert}`, `evaluates, ${got.state}`);
    }
  } catch (e) {
    report(false, 'loaded rules', `request failed: ${e.cause?.message ?? e.message}`);
  }
}
if (active.length) {
  try {
    const loaded = await loadedRules();
    for (const name of active) {
      const got = loaded.get(name);
      const alerts = (got?.alerts ?? []).filter((a) => a.state === 'pending' || a.state === 'firing');
      const labels = (a) => Object.entries(a.labels)
        .filter(([k]) => k !== 'alertname' && k !== 'severity')
        .sort(([a1], [b1]) => a1.localeCompare(b1))
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
      if (!alerts.length) report(false, `active ${name}`, `${got ? got.state : 'not loaded'}, no alert pending or firing`);
      else report(true, `active ${name}`, alerts.map((a) => `${a.state} for ${labels(a)}`).sort().join('; '));
    }
  } catch (e) {
    report(false, 'active alerts', `request failed: ${e.cause?.message ?? e.message}`);
  }
}
const ids = new Set(checks.map((c) => c.id));
for (const id of mustHaveData) {
  if (!ids.has(id)) report(false, id, 'listed in must-have-data.txt but no such query');
}

if (answersFile) {
  const { writeFileSync } = await import('node:fs');
  writeFileSync(answersFile, `${JSON.stringify(answers, null, 1)}\n`);
}
console.log(`queries: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
