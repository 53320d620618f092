/**
 * The Prometheus alert rules (observability/alerts.yml), checked and unit-tested with Prometheus' own
 * `promtool`: each alert fires on the series that describe its trouble, with the summary an operator reads,
 * and stays quiet on an on-sale's normal traffic. promtool comes from Debian's `prometheus` package; the
 * suite installs it when it is missing instead of skipping.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify } from 'yaml';

const alertsPath = fileURLToPath(new URL('../observability/alerts.yml', import.meta.url));

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}
const rules = (parseYaml(readFileSync(alertsPath, 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap(
  (g) => g.rules,
);
const rule = (name: string) => {
  const found = rules.find((r) => r.alert === name);
  if (!found) throw new Error(`observability/alerts.yml has no alert ${name}`);
  return found;
};

/** One promtool test case: series over `minutes`, evaluated at the end. */
interface Case {
  name: string;
  alert: string;
  series: Record<string, string>;
  minutes?: number;
  /** The alerts expected to fire: extra labels and the rendered summary; `[]` for "stays quiet". */
  fires: { labels?: Record<string, string>; summary: string }[];
}

/** A counter rising by `perMinute` every minute. */
const rising = (perMinute: number, minutes = 30) => `0+${perMinute}x${minutes}`;
/** A gauge holding `value`. */
const steady = (value: number, minutes = 30) => `${value}x${minutes}`;

/** A histogram's buckets, each rising by the given count per minute (cumulative counts, as Prometheus keeps them). */
function histogram(name: string, labels: string, perMinute: Record<string, number>) {
  const series: Record<string, string> = {};
  for (const [le, n] of Object.entries(perMinute)) {
    series[`${name}_bucket{${labels}${labels ? ',' : ''}le="${le}"}`] = rising(n);
  }
  series[`${name}_count{${labels}}`] = rising(perMinute['+Inf'] ?? 0);
  return series;
}

const cases: Case[] = [
  {
    name: 'server errors over 1% of operations page',
    alert: 'ServerErrorRate',
    series: {
      'graphql_errors_total{service="seating",code="INTERNAL_SERVER_ERROR"}': rising(6),
      'graphql_operation_duration_seconds_count{service="seating",operation="HoldSeats",type="mutation",outcome="ok"}':
        rising(300),
    },
    fires: [
      { labels: { service: 'seating' }, summary: 'seating: 2% of operations fail with a server error' },
    ],
  },
  {
    name: "an on-sale's refusals are not server errors",
    alert: 'ServerErrorRate',
    series: {
      'graphql_errors_total{service="seating",code="SEAT_UNAVAILABLE"}': rising(150),
      'graphql_errors_total{service="seating",code="RATE_LIMITED"}': rising(100),
      'graphql_operation_duration_seconds_count{service="seating",operation="HoldSeats",type="mutation",outcome="error"}':
        rising(300),
    },
    fires: [],
  },
  {
    name: "a busy operation's p99 over 1 s at the router",
    alert: 'OperationSlow',
    series: histogram(
      'graphql_operation_duration_seconds',
      'service="router",operation="HoldSeats",type="mutation",outcome="ok"',
      { '0.5': 30, '1': 40, '2.5': 60, '+Inf': 60 },
    ),
    fires: [
      {
        labels: { service: 'router', operation: 'HoldSeats' },
        summary: 'HoldSeats: p99 2.455s at the router',
      },
    ],
  },
  {
    name: 'a rare slow operation does not page (under 0.2 requests/s)',
    alert: 'OperationSlow',
    series: histogram(
      'graphql_operation_duration_seconds',
      'service="router",operation="AdminStats",type="query",outcome="ok"',
      { '1': 0, '5': 6, '+Inf': 6 },
    ),
    fires: [],
  },
  {
    name: 'expired holds announced more than 1 s late',
    alert: 'SeatReleaseLate',
    series: histogram('tiketi_seat_release_lag_seconds', 'service="seating"', {
      '0.25': 50,
      '1': 90,
      '2.5': 100,
      '+Inf': 100,
    }),
    fires: [{ summary: 'Expired holds are announced free 2.35s late (p99)' }],
  },
  {
    name: 'seat releases on time stay quiet',
    alert: 'SeatReleaseLate',
    series: histogram('tiketi_seat_release_lag_seconds', 'service="seating"', {
      '0.25': 100,
      '1': 100,
      '+Inf': 100,
    }),
    fires: [],
  },
  {
    name: 'live updates reaching sockets late',
    alert: 'SubscriptionLag',
    series: histogram('router_subscription_lag_seconds', 'service="router"', {
      '0.1': 500,
      '0.5': 900,
      '1': 1000,
      '+Inf': 1000,
    }),
    fires: [{ summary: 'Live seat and queue updates reach sockets 950ms late (p99)' }],
  },
  {
    name: 'many slow consumers closed',
    alert: 'SlowConsumersDropped',
    series: { 'router_subscription_slow_consumers_total{service="router"}': rising(20) },
    fires: [{ summary: '100 sockets closed as slow consumers in 5 minutes' }],
  },
  {
    name: 'a few slow consumers are phones on bad networks',
    alert: 'SlowConsumersDropped',
    series: { 'router_subscription_slow_consumers_total{service="router"}': rising(2) },
    fires: [],
  },
  {
    name: 'dropped subscription events',
    alert: 'SubscriptionEventsDropped',
    series: { 'router_subscription_dropped_events_total{service="router"}': rising(1) },
    fires: [{ summary: 'Routers dropped 5 subscription events that cannot be merged' }],
  },
  {
    name: 'Postgres connections near max_connections',
    alert: 'PostgresConnectionsNearLimit',
    series: {
      'pg_stat_activity_count{datname="tiketi",state="active"}': steady(150),
      'pg_stat_activity_count{datname="tiketi",state="idle"}': steady(250),
      'pg_settings_max_connections{server="postgres:5432"}': steady(450),
    },
    fires: [{ summary: 'Postgres uses 88.89% of max_connections' }],
  },
  {
    name: 'Redis memory near maxmemory',
    alert: 'RedisMemoryNearLimit',
    series: {
      'redis_memory_used_bytes{instance="redis"}': steady(900e6),
      'redis_memory_max_bytes{instance="redis"}': steady(1e9),
    },
    fires: [{ summary: 'Redis uses 90% of its maxmemory' }],
  },
  {
    name: 'a Redis without maxmemory (0) never divides by zero into an alert',
    alert: 'RedisMemoryNearLimit',
    series: {
      'redis_memory_used_bytes{instance="redis"}': steady(900e6),
      'redis_memory_max_bytes{instance="redis"}': steady(0),
    },
    fires: [],
  },
  {
    name: 'a consumer group far behind its stream',
    alert: 'EventConsumerLagging',
    series: {
      'tiketi_event_consumer_lag{service="stats",group="stats",topic="reservation"}': steady(5000),
    },
    fires: [
      {
        labels: { group: 'stats', topic: 'reservation' },
        summary: 'stats is 5000 events behind on reservation',
      },
    ],
  },
  {
    name: 'a consumer group with events waiting and none handled',
    alert: 'EventConsumerStalled',
    minutes: 40,
    series: {
      'tiketi_event_consumer_lag{service="stats",group="stats",topic="reservation"}': steady(3, 40),
      'tiketi_events_handled_total{service="stats",group="stats"}': steady(120, 40),
    },
    fires: [
      { labels: { group: 'stats' }, summary: 'stats has events waiting and handled none in 10 minutes' },
    ],
  },
];

function promtoolTest(c: Case) {
  const r = rule(c.alert);
  return {
    interval: '1m',
    name: c.name,
    input_series: Object.entries(c.series).map(([series, values]) => ({ series, values })),
    alert_rule_test: [
      {
        eval_time: `${c.minutes ?? 29}m`,
        alertname: c.alert,
        exp_alerts: c.fires.map((f) => ({
          exp_labels: { ...r.labels, ...f.labels },
          // The fixed texts are the rule's own; what is checked is the summary rendered from the series.
          exp_annotations: { ...r.annotations, summary: f.summary },
        })),
      },
    ],
  };
}

const which = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
let dir: string;

beforeAll(() => {
  if (!which('promtool')) {
    // Debian's `prometheus` package ships promtool; nothing starts without an init system.
    const install = spawnSync(
      'sh',
      [
        '-c',
        'apt-get install -y -qq --no-install-recommends prometheus || (apt-get update -qq && apt-get install -y -qq --no-install-recommends prometheus)',
      ],
      { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } },
    );
    if (!which('promtool')) {
      throw new Error(`promtool is missing and could not be installed:\n${install.stdout}${install.stderr}`);
    }
  }
  dir = mkdtempSync(join(tmpdir(), 'tiketi-alerts-'));
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('Prometheus alert rules', () => {
  it('promtool accepts the rule file', () => {
    const check = spawnSync('promtool', ['check', 'rules', alertsPath], { encoding: 'utf8' });
    expect(check.status, check.stdout + check.stderr).toBe(0);
  });

  it('every alert says what it means and what to do, in one runbook line', () => {
    for (const r of rules) {
      expect(r.labels.severity, r.alert).toMatch(/^(warning|critical)$/);
      expect(r.annotations.summary, r.alert).toBeTruthy();
      expect(r.annotations.runbook, r.alert).toMatch(/\S/);
      expect(r.annotations.runbook?.trim().split('\n'), `${r.alert}: one line`).toHaveLength(1);
    }
  });

  it("covers an on-sale's vital signs", () => {
    const exprs = rules.map((r) => r.expr).join('\n');
    for (const metric of [
      'graphql_errors_total', // error rate
      'graphql_operation_duration_seconds_bucket', // p99 per operation
      'tiketi_seat_release_lag_seconds_bucket', // hold-expiry lag
      'tiketi_event_consumer_lag', // event consumer lag
      'router_subscription_lag_seconds_bucket', // subscription lag
      'router_subscription_slow_consumers_total', // slow consumers
      'pg_stat_activity_count', // Postgres connections
      'redis_memory_used_bytes', // Redis memory
    ]) {
      expect(exprs, metric).toContain(metric);
    }
    // Every alert has at least one case below that makes it fire.
    for (const r of rules) {
      expect(
        cases.some((c) => c.alert === r.alert && c.fires.length > 0),
        `${r.alert} has a firing case`,
      ).toBe(true);
    }
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const file = join(dir, `${c.alert}-${cases.indexOf(c)}.test.yml`);
    writeFileSync(
      file,
      stringify(
        { rule_files: [alertsPath], evaluation_interval: '1m', tests: [promtoolTest(c)] },
        { lineWidth: 0 },
      ),
    );
    const run = spawnSync('promtool', ['test', 'rules', file], { encoding: 'utf8' });
    expect(run.status, run.stdout + run.stderr).toBe(0);
  });
});
