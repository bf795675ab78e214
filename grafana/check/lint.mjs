#!/usr/bin/env node
// Static checks of the dashboard, the provisioning files and the alert rules that neither promtool
// nor TypeScript make. One line per check, then a summary line; exit status 1 when any failed.
//   node grafana/check/lint.mjs
import { readFileSync } from 'node:fs';
import { FieldColorModeId, MappingType, ThresholdsMode, DashboardCursorSync } from '@grafana/schema';
import {
  paths, readJson, readYaml, readList, allPanels, panelQueries, ruleQueries, variableQueries,
  templateVariableNames, substitute, usesMetric,
} from './lib.mjs';

const dashboardText = readFileSync(paths.dashboard, 'utf8');
const dashboard = JSON.parse(dashboardText);
const rules = readYaml(paths.rules);
const provisioned = readYaml(paths.datasource);
const provider = readYaml(paths.provider);
const catalogue = readList(paths.catalogue);
const sample = readFileSync(paths.sample, 'utf8');

const DS_REF = { type: 'prometheus', uid: '${datasource}' };
const sameRef = (ref) => ref && ref.type === DS_REF.type && ref.uid === DS_REF.uid;
const panels = allPanels(dashboard);
const contentPanels = panels.filter((p) => p.type !== 'row');
const panelExprs = panelQueries(dashboard);
const ruleExprs = ruleQueries(rules);
const alerts = ruleExprs.filter((r) => r.rule.alert);

const checks = [];
const check = (name, fn) => checks.push({ name, fn });

check('no import placeholders (__inputs, ${DS_...}) in the dashboard', () => {
  const problems = [];
  if ('__inputs' in dashboard || '__requires' in dashboard) problems.push('top-level __inputs/__requires');
  const ds = dashboardText.match(/\$\{DS_[^}]*\}/g);
  if (ds) problems.push(`placeholders ${[...new Set(ds)].join(', ')}`);
  return problems;
});

check('provisioned datasource: fixed uid, prometheus, URL from the environment', () => {
  const list = provisioned.datasources ?? [];
  if (list.length !== 1) return [`expected one datasource, found ${list.length}`];
  const [ds] = list;
  const problems = [];
  if (ds.uid !== 'barnum-prometheus') problems.push(`uid is ${ds.uid}, not barnum-prometheus`);
  if (ds.type !== 'prometheus') problems.push(`type is ${ds.type}`);
  if (!/^\$\{?BARNUM_PROMETHEUS_URL\}?$/.test(String(ds.url))) problems.push(`url is ${ds.url}, not \${BARNUM_PROMETHEUS_URL}`);
  return problems;
});

check('dashboard provider: a file provider with a path', () => {
  const list = provider.providers ?? [];
  return list.length === 1 && list[0].type === 'file' && list[0].options?.path ? [] : ['expected one provider of type file with options.path'];
});

check('datasource variable: type datasource, prometheus, defaults to the provisioned uid', () => {
  const v = (dashboard.templating?.list ?? []).find((x) => x.name === 'datasource');
  if (!v) return ['no variable named datasource'];
  const problems = [];
  if (v.type !== 'datasource') problems.push(`type ${v.type}`);
  if (v.query !== 'prometheus') problems.push(`query ${v.query}`);
  const uid = provisioned.datasources?.[0]?.uid;
  if (v.current?.value !== uid) problems.push(`current value ${JSON.stringify(v.current?.value)}, not the provisioned uid ${uid}`);
  return problems;
});

check('chained query variables host -> user -> watcher', () => {
  const vars = variableQueries(dashboard);
  const byName = Object.fromEntries(vars.map((v) => [v.name, v]));
  const order = templateVariableNames(dashboard);
  const problems = [];
  const expectRefs = { host: [], user: ['host'], watcher: ['host', 'user'] };
  for (const [name, refs] of Object.entries(expectRefs)) {
    const v = byName[name];
    if (!v) {
      problems.push(`no query variable ${name}`);
      continue;
    }
    if (!v.selector) problems.push(`${name}: not label_values(selector, label)`);
    if (v.label !== name) problems.push(`${name}: lists label ${v.label}`);
    if (!v.variable.multi || !v.variable.includeAll) problems.push(`${name}: not multi + include All`);
    if (!sameRef(v.variable.datasource)) problems.push(`${name}: datasource is not \${datasource}`);
    for (const ref of refs) {
      if (!new RegExp(`${ref}=~"\\$${ref}"`).test(v.selector ?? '')) problems.push(`${name}: does not filter by ${ref}=~"$${ref}"`);
      if (order.indexOf(ref) > order.indexOf(name)) problems.push(`${name}: comes before ${ref}`);
    }
  }
  return problems;
});

check('every panel and target uses the ${datasource} variable', () =>
  contentPanels.flatMap((p) => [
    ...(sameRef(p.datasource) ? [] : [`panel "${p.title}": datasource ${JSON.stringify(p.datasource)}`]),
    ...(p.targets ?? []).filter((t) => t.datasource && !sameRef(t.datasource)).map((t) => `panel "${p.title}" ${t.refId}: datasource ${JSON.stringify(t.datasource)}`),
    ...((p.targets ?? []).length ? [] : [`panel "${p.title}": no targets`]),
  ]));

check('queries use only defined variables', () => {
  const names = templateVariableNames(dashboard);
  return [...panelExprs, ...variableQueries(dashboard).map((v) => ({ id: v.id, expr: v.query ?? '' }))]
    .flatMap((q) => substitute(q.expr, names).unknown.map((u) => `${q.id}: ${u}`));
});

check('every catalogue metric is used by a panel or an alert rule', () => {
  const exprs = [...panelExprs, ...ruleExprs].map((q) => q.expr);
  return catalogue.filter((m) => !exprs.some((e) => usesMetric(e, m))).map((m) => `${m} is used nowhere`);
});

check('sample-metrics.prom has every catalogue metric and nothing else', () => {
  const names = new Set(sample.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.match(/^[A-Za-z_:][A-Za-z0-9_:]*/)?.[0]));
  return [
    ...catalogue.filter((m) => !names.has(m)).map((m) => `${m} missing`),
    ...[...names].filter((n) => !catalogue.includes(n)).map((n) => `${n} is not in catalogue.txt`),
  ];
});

check('panel ids unique, grid positions inside 24 columns and not overlapping', () => {
  const problems = [];
  const ids = new Set();
  for (const p of panels) {
    if (ids.has(p.id)) problems.push(`duplicate id ${p.id}`);
    ids.add(p.id);
    const g = p.gridPos;
    if (!g || g.x < 0 || g.w < 1 || g.x + g.w > 24 || g.h < 1) problems.push(`panel "${p.title}": gridPos ${JSON.stringify(g)}`);
  }
  for (let i = 0; i < panels.length; i++) {
    for (let j = i + 1; j < panels.length; j++) {
      const a = panels[i].gridPos;
      const b = panels[j].gridPos;
      if (a && b && a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) {
        problems.push(`"${panels[i].title}" overlaps "${panels[j].title}"`);
      }
    }
  }
  return problems;
});

check('enum values are ones @grafana/schema knows', () => {
  // The type check sees JSON strings as plain strings; these are the enums it cannot check.
  const colorModes = new Set(Object.values(FieldColorModeId));
  const mappingTypes = new Set(Object.values(MappingType));
  const thresholdModes = new Set(Object.values(ThresholdsMode));
  const panelTypes = new Set(['row', 'stat', 'timeseries', 'bargauge', 'gauge', 'state-timeline', 'status-history', 'table', 'text', 'piechart', 'barchart']);
  const variableTypes = new Set(['query', 'adhoc', 'groupby', 'constant', 'datasource', 'interval', 'textbox', 'custom', 'system', 'snapshot', 'switch']);
  const problems = [];
  if (!Object.values(DashboardCursorSync).includes(dashboard.graphTooltip)) problems.push(`graphTooltip ${dashboard.graphTooltip}`);
  for (const v of dashboard.templating?.list ?? []) if (!variableTypes.has(v.type)) problems.push(`variable ${v.name}: type ${v.type}`);
  const walk = (node, where) => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, where));
    if (!node || typeof node !== 'object') return;
    if (node.color?.mode !== undefined && !colorModes.has(node.color.mode)) problems.push(`${where}: color mode ${node.color.mode}`);
    if (node.thresholds?.mode !== undefined && !thresholdModes.has(node.thresholds.mode)) problems.push(`${where}: thresholds mode ${node.thresholds.mode}`);
    if (node.id === 'color' && node.value?.mode !== undefined && !colorModes.has(node.value.mode)) problems.push(`${where}: override color mode ${node.value.mode}`);
    for (const m of Array.isArray(node.mappings) ? node.mappings : []) if (!mappingTypes.has(m.type)) problems.push(`${where}: mapping type ${m.type}`);
    if (node.id === 'mappings') for (const m of node.value ?? []) if (!mappingTypes.has(m.type)) problems.push(`${where}: mapping type ${m.type}`);
    Object.values(node).forEach((n) => walk(n, where));
  };
  for (const p of panels) {
    if (!panelTypes.has(p.type)) problems.push(`panel "${p.title}": type ${p.type}`);
    walk(p.fieldConfig, `panel "${p.title}"`);
  }
  return problems;
});

check('every alert has a severity, a for duration, and a summary and description naming its labels', () =>
  alerts.flatMap(({ rule }) => {
    const problems = [];
    const a = rule.annotations ?? {};
    if (!['critical', 'warning', 'info'].includes(rule.labels?.severity)) problems.push(`${rule.alert}: severity ${rule.labels?.severity}`);
    if (!rule.for) problems.push(`${rule.alert}: no for`);
    for (const key of ['summary', 'description']) {
      if (!a[key]) problems.push(`${rule.alert}: no ${key}`);
      // absent() has no labels to name.
      else if (!/^\s*absent\(/.test(rule.expr) && !/\$labels\.(host|user|unit|watcher)\b/.test(a[key])) problems.push(`${rule.alert}: ${key} names no host, user, unit or watcher`);
    }
    return problems;
  }));

let failed = 0;
for (const { name, fn } of checks) {
  let problems;
  try {
    problems = fn();
  } catch (e) {
    problems = [`check crashed: ${e.message}`];
  }
  if (problems.length) failed++;
  console.log(`${problems.length ? 'FAIL' : 'ok  '} ${name}${problems.length ? `: ${problems.join('; ')}` : ''}`);
}
console.log(`lint: ${checks.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
