// Shared by queries.mjs and lint.mjs: reads the dashboard, the alert rules and the lists beside
// this file, and turns dashboard queries into plain PromQL.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

export const here = dirname(fileURLToPath(import.meta.url));
export const grafanaDir = join(here, '..');
export const paths = {
  dashboard: join(grafanaDir, 'dashboards', 'barnum-fleet.json'),
  rules: join(grafanaDir, 'prometheus', 'barnum-alerts.yml'),
  datasource: join(grafanaDir, 'provisioning', 'datasources', 'barnum-prometheus.yaml'),
  provider: join(grafanaDir, 'provisioning', 'dashboards', 'barnum.yaml'),
  catalogue: join(here, 'catalogue.txt'),
  mustHaveData: join(here, 'must-have-data.txt'),
  sample: join(here, 'sample-metrics.prom'),
};

export const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
export const readYaml = (path) => parseYaml(readFileSync(path, 'utf8'));

/** Non-empty, non-comment lines of a list file. */
export function readList(path) {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

/** Every panel, rows' nested panels included. */
export function allPanels(dashboard) {
  const out = [];
  for (const p of dashboard.panels ?? []) {
    out.push(p);
    for (const nested of p.panels ?? []) out.push(nested);
  }
  return out;
}

/** [{id, expr, panel, target}] for every panel target with a PromQL expr. */
export function panelQueries(dashboard) {
  const out = [];
  for (const panel of allPanels(dashboard)) {
    for (const target of panel.targets ?? []) {
      if (typeof target.expr === 'string' && target.expr.trim() !== '') {
        out.push({ id: `panel "${panel.title}" ${target.refId}`, expr: target.expr, panel, target });
      }
    }
  }
  return out;
}

/** [{id, expr, rule}] for every rule (alerting or recording) in a Prometheus rule file. */
export function ruleQueries(rules) {
  const out = [];
  for (const group of rules.groups ?? []) {
    for (const rule of group.rules ?? []) {
      out.push({ id: rule.alert ? `rule ${rule.alert}` : `record ${rule.record}`, expr: String(rule.expr), rule });
    }
  }
  return out;
}

/** Query variables as [{id, name, query, metric selector, label}] (label_values(...) only). */
export function variableQueries(dashboard) {
  const out = [];
  for (const v of dashboard.templating?.list ?? []) {
    if (v.type !== 'query') continue;
    const query = typeof v.query === 'string' ? v.query : v.query?.query;
    const m = /^\s*label_values\(\s*(.+?)\s*,\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)\s*$/s.exec(query ?? '');
    out.push({ id: `variable ${v.name}`, name: v.name, query, selector: m?.[1], label: m?.[2], variable: v });
  }
  return out;
}

export const templateVariableNames = (dashboard) => (dashboard.templating?.list ?? []).map((v) => v.name);

// Grafana's global variables, as a query sees them for a 1-hour range at a 1-minute step.
const GLOBALS = {
  __rate_interval: '1m',
  __interval: '1m',
  __interval_ms: '60000',
  __range: '1h',
  __range_s: '3600',
  __range_ms: '3600000',
};

/**
 * Replaces Grafana variables in a query the way "All" would: dashboard variables become `.*`
 * (they are only used in =~ matchers), Grafana's interval and range variables become fixed
 * durations. Handles $name, ${name}, ${name:format} and [[name]]. Returns {expr, unknown}: unknown
 * lists variable references that are neither.
 */
export function substitute(expr, variableNames) {
  const known = new Set(variableNames);
  const unknown = [];
  const replace = (whole, name) => {
    if (name in GLOBALS) return GLOBALS[name];
    if (known.has(name)) return '.*';
    unknown.push(whole);
    return whole;
  };
  const out = expr
    .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::[^}]*)?\}/g, replace)
    .replace(/\[\[([A-Za-z_][A-Za-z0-9_]*)(?::[^\]]*)?\]\]/g, replace)
    .replace(/\$([A-Za-z_][A-Za-z0-9_]*)/g, replace);
  return { expr: out, unknown };
}

/** Does a PromQL expression use the metric (as a whole name, not a prefix of another)? */
export function usesMetric(expr, metric) {
  return new RegExp(`(^|[^A-Za-z0-9_:])${metric}($|[^A-Za-z0-9_:])`).test(expr);
}
