import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Deployment, type IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import {
  HorizontalPodAutoscaler,
  type IHorizontalPodAutoscaler,
} from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { type IJob, Job } from 'kubernetes-models/batch/v1/Job';
import { type IIngress, Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { type INetworkPolicy, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import {
  type IPodDisruptionBudget,
  PodDisruptionBudget,
} from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import type { IPodTemplateSpec } from 'kubernetes-models/v1/PodTemplateSpec';
import { type ISecret, Secret } from 'kubernetes-models/v1/Secret';
import { type IService, Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import {
  ConfigError,
  DEV_SECRETS,
  parseEnv,
  serviceConfig,
  serviceEnvShape,
} from '../subgraphs/kit/src/config.ts';
import { createMetrics } from '../subgraphs/kit/src/metrics.ts';
import { REDIS_SERVICES, redisAclFile } from '../subgraphs/kit/src/redis-acl.ts';

/**
 * Static checks of everything TIKETI ships to Kubernetes (k8s/) and of its observability configuration
 * (observability/). No cluster and no Docker here: manifests are validated against the Kubernetes schemas
 * (kubernetes-models), checked for unknown fields (which those schemas let through), and held to the
 * invariants operations rely on. `kubectl kustomize`, yamllint, promtool and nginx are used when installed.
 */

const root = fileURLToPath(new URL('..', import.meta.url));
const at = (...parts: string[]) => join(root, ...parts);
const read = (...parts: string[]) => readFileSync(at(...parts), 'utf8');
const rel = (file: string) => relative(root, file);

const SUBGRAPHS = {
  auth: 4001,
  catalog: 4002,
  seating: 4003,
  queue: 4004,
  payment: 4005,
  stats: 4006,
} as const;
const NODE_SERVICES: Record<string, number> = { router: 4000, ...SUBGRAPHS };
const SPAS: Record<string, number> = { web: 3000, admin: 3001 };
const APPS = [...Object.keys(NODE_SERVICES), ...Object.keys(SPAS)];

const which = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

// --- loading ---------------------------------------------------------------------------------------------

interface Meta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: Meta;
}
interface Loaded {
  file: string;
  obj: K8sObject;
}
interface Kustomization {
  resources?: string[];
  configMapGenerator?: { name: string; files?: string[]; envs?: string[]; literals?: string[] }[];
  secretGenerator?: { name: string; files?: string[]; envs?: string[]; literals?: string[] }[];
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const yamlFiles = walk(at('k8s')).filter((f) => /\.ya?ml$/.test(f));
const parseErrors: string[] = [];
const objects: Loaded[] = [];
const kustomizations = new Map<string, Kustomization>();
for (const file of yamlFiles) {
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    for (const e of [...doc.errors, ...doc.warnings]) parseErrors.push(`${rel(file)}: ${e.message}`);
    const value = doc.toJS() as (K8sObject & Kustomization) | null;
    if (value == null) continue;
    if (value.kind === 'Kustomization') kustomizations.set(dirname(file), value);
    else objects.push({ file, obj: value });
  }
}
// observability/ holds the kustomization that turns its config files into ConfigMaps.
kustomizations.set(
  at('observability'),
  parseYaml(read('observability', 'kustomization.yaml')) as Kustomization,
);

const isTemplate = (l: Loaded) => l.file.endsWith('.template.yaml');
const inBase = (l: Loaded) => rel(l.file).startsWith('k8s/base/') && !isTemplate(l);
const clusterObjects = objects.filter(inBase).map((l) => l.obj);
const ofKind = <T>(kind: string, from: K8sObject[] = clusterObjects) =>
  from.filter((o) => o.kind === kind) as unknown as (T & K8sObject)[];
const named = <T extends K8sObject>(list: T[], name: string): T => {
  const found = list.find((o) => o.metadata.name === name);
  if (!found) throw new Error(`no ${name} among ${list.map((o) => o.metadata.name).join(', ')}`);
  return found;
};

const deployments = ofKind<IDeployment>('Deployment');
const services = ofKind<IService>('Service');
const networkPolicies = ofKind<INetworkPolicy>('NetworkPolicy');
const jobs = ofKind<IJob>('Job');

/** Pod templates of every workload, with the name of the workload. */
const workloads = clusterObjects
  .filter((o) => ['Deployment', 'StatefulSet', 'Job'].includes(o.kind))
  .map((o) => ({
    obj: o,
    template: (o as unknown as { spec: { template: IPodTemplateSpec } }).spec.template,
  }));
function podLabels(name: string): Record<string, string> {
  const workload = workloads.find((w) => w.obj.metadata.name === name);
  if (!workload) throw new Error(`no workload named ${name}`);
  return workload.template.metadata?.labels ?? {};
}
const appContainer = (d: IDeployment) => d.spec!.template.spec!.containers[0]!;

/** `KEY=VALUE` lines of k8s/base/config/config.env: the ConfigMap every Node service loads with envFrom. */
const config: Record<string, string> = Object.fromEntries(
  read('k8s', 'base', 'config', 'config.env')
    .split('\n')
    .filter((line) => line.trim() && !line.trimStart().startsWith('#'))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
);

// --- schema and unknown-field checks ----------------------------------------------------------------------

type ModelClass = new (data: never) => { validate(): void };
const MODELS: Record<string, ModelClass> = {
  'v1/Namespace': Namespace,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'v1/Secret': Secret,
  'v1/ConfigMap': ConfigMap,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'batch/v1/Job': Job,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'networking.k8s.io/v1/Ingress': Ingress,
  'rbac.authorization.k8s.io/v1/Role': Role,
  'rbac.authorization.k8s.io/v1/RoleBinding': RoleBinding,
};

function schemaErrors(obj: K8sObject): string[] {
  const Model = MODELS[`${obj.apiVersion}/${obj.kind}`];
  if (!Model) return [`${obj.apiVersion} ${obj.kind} is not a kind these checks know; add it to MODELS`];
  try {
    new Model(obj as never).validate();
    return [];
  } catch (err) {
    return [(err as Error).message];
  }
}

/**
 * kubernetes-models validates types and required fields but lets unknown keys through, so `readinesProbe`
 * would pass. The allowed keys of every object type are read from the package's own type declarations
 * (one interface per file, one `"field"?: Type;` line per field) and the manifest is walked against them.
 */
const modelsDir = dirname(fileURLToPath(import.meta.resolve('kubernetes-models/package.json')));
type FieldType = { file: string | null; array: boolean };
const shapes = new Map<string, Map<string, FieldType> | null>();

function resolveDts(from: string, spec: string): string | null {
  if (spec.startsWith('.')) return join(dirname(from), `${spec}.d.ts`);
  for (let dir = dirname(from); dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', `${spec}.d.ts`);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

function shapeOf(file: string): Map<string, FieldType> | null {
  if (shapes.has(file)) return shapes.get(file)!;
  let shape: Map<string, FieldType> | null = null;
  const source = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const body = /export interface I\w+(?: extends [^{]+)? \{\n([\s\S]*?)\n\}/.exec(source)?.[1];
  if (body) {
    const imports = new Map(
      [...source.matchAll(/import \{ (\w+) \} from "([^"]+)";/g)].map((m) => [
        m[1]!,
        resolveDts(file, m[2]!),
      ]),
    );
    shape = new Map();
    for (const m of body.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/^ {4}"([^"]+)"\??: (.+)$/gm)) {
      const type = m[2]!.replace(/;$/, '');
      const ref = /^(?:Array<)?(\w+)>?$/.exec(type)?.[1];
      shape.set(m[1]!, { file: (ref && imports.get(ref)) ?? null, array: type.startsWith('Array<') });
    }
  }
  shapes.set(file, shape);
  return shape;
}

function unknownFields(value: unknown, file: string, path: string, out: string[] = []): string[] {
  const shape = shapeOf(file);
  if (!shape || value === null || typeof value !== 'object' || Array.isArray(value)) return out;
  for (const [key, child] of Object.entries(value)) {
    const field = shape.get(key);
    if (!field) out.push(`${path}.${key}`);
    else if (field.file && field.array && Array.isArray(child)) {
      for (const [i, item] of child.entries()) unknownFields(item, field.file, `${path}.${key}[${i}]`, out);
    } else if (field.file) unknownFields(child, field.file, `${path}.${key}`, out);
  }
  return out;
}
const strictErrors = (obj: K8sObject) =>
  unknownFields(obj, join(modelsDir, obj.apiVersion, `${obj.kind}.d.ts`), `${obj.kind}/${obj.metadata.name}`);

function checkObjects(list: K8sObject[]): string[] {
  return list.flatMap((o) =>
    [...schemaErrors(o), ...strictErrors(o)].map((e) => `${o.kind}/${o.metadata.name}: ${e}`),
  );
}

/** Every value found under `key` anywhere in `value` (e.g. all `secretKeyRef`s of a rendered manifest set). */
function valuesUnder(value: unknown, key: string, out: unknown[] = []): unknown[] {
  if (Array.isArray(value)) for (const item of value) valuesUnder(item, key, out);
  else if (value && typeof value === 'object') {
    for (const [k, child] of Object.entries(value)) {
      if (k === key) out.push(child);
      else valuesUnder(child, key, out);
    }
  }
  return out;
}

// --- selectors ---------------------------------------------------------------------------------------------

type ILabelSelector = NonNullable<INetworkPolicy['spec']>['podSelector'];

function selects(selector: ILabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {}))
    if (labels[key] !== value) return false;
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const value = labels[key];
    const ok =
      operator === 'In'
        ? value !== undefined && values.includes(value)
        : operator === 'NotIn'
          ? value === undefined || !values.includes(value)
          : operator === 'Exists'
            ? value !== undefined
            : operator === 'DoesNotExist'
              ? value === undefined
              : false;
    if (!ok) return false;
  }
  return true;
}

/** Names of this namespace's workloads whose pods a selector picks. */
const podsSelectedBy = (selector: ILabelSelector) =>
  workloads
    .filter((w) => selects(selector, w.template.metadata?.labels ?? {}))
    .map((w) => w.obj.metadata.name);

/** The container port a Service port forwards to, through the Service's selector. */
function containerPortBehind(serviceName: string, port: number): number | undefined {
  const svc = named(services, serviceName);
  const svcPort = svc.spec?.ports?.find((p) => p.port === port);
  if (!svcPort) return undefined;
  const target = svcPort.targetPort ?? port;
  const pods = workloads.filter((w) =>
    selects({ matchLabels: svc.spec?.selector }, w.template.metadata?.labels ?? {}),
  );
  const ports = pods.flatMap((w) => w.template.spec?.containers.flatMap((c) => c.ports ?? []) ?? []);
  return ports.find((p) => (typeof target === 'number' ? p.containerPort === target : p.name === target))
    ?.containerPort;
}

const urlPort = (url: URL) => Number(url.port || (url.protocol === 'https:' ? 443 : 80));

// --- tests -------------------------------------------------------------------------------------------------

describe('manifests under k8s/', () => {
  it('every YAML document parses, and yamllint (when installed) is clean', () => {
    expect(yamlFiles.length).toBeGreaterThan(15);
    expect(parseErrors).toEqual([]);
    for (const l of objects) expect(l.obj.apiVersion && l.obj.kind, rel(l.file)).toBeTruthy();
    if (!which('yamllint')) return;
    const files = [...yamlFiles, ...walk(at('observability')).filter((f) => /\.ya?ml$/.test(f))];
    const lint = spawnSync(
      'yamllint',
      ['-d', '{extends: relaxed, rules: {line-length: {max: 120}}}', ...files],
      {
        encoding: 'utf8',
      },
    );
    expect(lint.status, lint.stdout + lint.stderr).toBe(0);
  });

  it('every object is a valid Kubernetes object with no unknown fields', () => {
    expect(checkObjects(objects.map((l) => l.obj))).toEqual([]);
  });

  it('catches a misspelled field that the Kubernetes schema alone lets through', () => {
    const auth = structuredClone(named(deployments, 'auth'));
    const container = appContainer(auth) as IContainer & Record<string, unknown>;
    container.readinesProbe = container.readinessProbe;
    delete container.readinessProbe;
    (container.livenessProbe!.httpGet as unknown as Record<string, unknown>).paht = '/health';
    (auth.spec!.template.metadata as Record<string, unknown>).lables = { app: 'auth' };
    expect(schemaErrors(auth)).toEqual([]);
    expect(strictErrors(auth).sort()).toEqual([
      'Deployment/auth.spec.template.metadata.lables',
      'Deployment/auth.spec.template.spec.containers[0].livenessProbe.httpGet.paht',
      'Deployment/auth.spec.template.spec.containers[0].readinesProbe',
    ]);
    // The same at the depths we write most in the other kinds.
    const typo = <T extends K8sObject>(obj: T, edit: (o: T) => void) => {
      const copy = structuredClone(obj);
      edit(copy);
      return [...schemaErrors(copy), ...strictErrors(copy)];
    };
    expect(typo(named(services, 'auth'), (s) => Object.assign(s.spec!, { selectr: {} }))).toEqual([
      'Service/auth.spec.selectr',
    ]);
    expect(
      typo(named(networkPolicies, 'auth-ingress'), (p) =>
        Object.assign(p.spec!.ingress![0]!.from![0]!, { podSelecter: {} }),
      ),
    ).toEqual(['NetworkPolicy/auth-ingress.spec.ingress[0].from[0].podSelecter']);
    expect(
      typo(named(ofKind<IIngress>('Ingress'), 'router'), (i) =>
        Object.assign(i.spec!.rules![0]!.http!.paths[0]!.backend, { servise: {} }),
      ),
    ).toEqual(['Ingress/router.spec.rules[0].http.paths[0].backend.servise']);
    expect(
      typo(named(jobs, 'migrate-auth'), (j) => Object.assign(j.spec!, { ttlSecondsAfterFinish: 1 })),
    ).toEqual(['Job/migrate-auth.spec.ttlSecondsAfterFinish']);
  });

  it('every object lives in the tiketi namespace and every image is pinned', () => {
    for (const { obj } of objects) {
      if (obj.kind !== 'Namespace')
        expect(obj.metadata.namespace, `${obj.kind}/${obj.metadata.name}`).toBe('tiketi');
    }
    const images = workloads.flatMap((w) => w.template.spec!.containers.map((c) => c.image!));
    expect(images.length).toBeGreaterThan(10);
    for (const image of images)
      expect(image, image).toMatch(/^[^:@]+(:(?!latest$)[\w][\w.-]*|@sha256:[0-9a-f]{64})$/);
  });

  it('kustomizations reference files that exist, and every manifest is referenced by one', () => {
    const referenced = new Set<string>();
    for (const [dir, k] of kustomizations) {
      for (const resource of k.resources ?? []) {
        const path = join(dir, resource);
        expect(existsSync(path), `${rel(dir)}: ${resource}`).toBe(true);
        if (statSync(path).isDirectory())
          expect(kustomizations.has(path), `${rel(path)} has a kustomization`).toBe(true);
        referenced.add(path);
      }
      for (const gen of [...(k.configMapGenerator ?? []), ...(k.secretGenerator ?? [])]) {
        for (const f of [...(gen.files ?? []), ...(gen.envs ?? [])]) {
          expect(existsSync(join(dir, f.split('=').at(-1)!)), `${rel(dir)}: ${f}`).toBe(true);
        }
      }
    }
    const manifests = new Set(objects.filter((l) => !isTemplate(l)).map((l) => l.file));
    expect([...manifests].filter((f) => !referenced.has(f)).map(rel)).toEqual([]);
    // The Secret template is documentation: applying it would overwrite the real Secrets with placeholders.
    expect([...referenced].filter((f) => f.endsWith('.template.yaml'))).toEqual([]);
  });

  it.skipIf(!which('kubectl'))('kubectl kustomize renders base, migrations and the local overlay', () => {
    const render = (dir: string) => {
      const out = spawnSync('kubectl', ['kustomize', at(dir)], {
        encoding: 'utf8',
        maxBuffer: 32 * 1024 * 1024,
      });
      expect(out.status, out.stderr).toBe(0);
      // kustomize wraps long base64 values (the ACL file) over lines, which Kubernetes' decoder ignores and the
      // schema's `byte` format does not: unwrap them before checking.
      return parseAllDocuments(out.stdout).map((d) => {
        const o = d.toJS() as K8sObject & { data?: Record<string, string> };
        if (o.kind === 'Secret' && o.data) {
          for (const [k, v] of Object.entries(o.data)) o.data[k] = v.replace(/\s+/g, '');
        }
        return o;
      });
    };
    const base = render('k8s/base');
    const migrations = render('k8s/base/migrations');
    const local = render('k8s/overlays/local');
    for (const rendered of [base, migrations, local]) {
      expect(checkObjects(rendered)).toEqual([]);
      // Generated names carry a hash; every reference must have been rewritten to an object that exists.
      const configMaps = new Set(ofKind<K8sObject>('ConfigMap', rendered).map((c) => c.metadata.name));
      const refs = [...valuesUnder(rendered, 'configMapRef'), ...valuesUnder(rendered, 'configMap')];
      expect(refs.length).toBeGreaterThan(0);
      for (const ref of refs as { name: string }[]) expect(configMaps).toContain(ref.name);
    }
    const key = (o: K8sObject) => `${o.kind}/${o.metadata.name}`;
    const rawBase = new Set(
      objects.filter((l) => inBase(l) && !rel(l.file).includes('/migrations/')).map((l) => key(l.obj)),
    );
    expect(new Set(base.filter((o) => o.kind !== 'ConfigMap').map(key))).toEqual(rawBase);
    expect(migrations.filter((o) => o.kind === 'Job')).toHaveLength(Object.keys(SUBGRAPHS).length);

    // The local overlay: one replica, development mode, and every Secret the pods read is generated.
    for (const d of ofKind<IDeployment>('Deployment', local))
      expect(d.spec?.replicas, d.metadata.name).toBe(1);
    const localConfig = ofKind<{ data: Record<string, string> }>('ConfigMap', local).find((c) =>
      c.metadata.name.startsWith('tiketi-config-'),
    );
    expect(localConfig?.data.TIKETI_ENV).toBe('development');
    const secrets = ofKind<ISecret>('Secret', local);
    const secretRefs = valuesUnder(local, 'secretKeyRef') as {
      name: string;
      key: string;
      optional?: boolean;
    }[];
    expect(secretRefs.length).toBeGreaterThan(10);
    for (const { name, key } of secretRefs.filter((r) => !r.optional)) {
      const secret = secrets.find((s) => s.metadata.name === name);
      expect(secret?.data ?? {}, `${name}/${key}`).toHaveProperty(key);
    }
  });
});

describe('application workloads', () => {
  it('each app has a Deployment with 2+ replicas, probes, resources and a restricted security context', () => {
    for (const name of APPS) {
      const d = named(deployments, name);
      expect(d.spec?.replicas, name).toBeGreaterThanOrEqual(2);
      const pod = d.spec!.template.spec!;
      expect(pod.terminationGracePeriodSeconds, name).toBe(30);
      expect(pod.securityContext?.runAsNonRoot, name).toBe(true);
      expect(pod.securityContext?.seccompProfile?.type, name).toBe('RuntimeDefault');
      const c = appContainer(d);
      const port = c.ports?.[0];
      expect(port?.containerPort, name).toBe(NODE_SERVICES[name] ?? 8080);
      const onPort = (p: number | string | undefined) => p === port?.name || p === port?.containerPort;
      expect(c.readinessProbe?.httpGet?.path, name).toBe('/ready');
      expect(onPort(c.readinessProbe?.httpGet?.port), name).toBe(true);
      expect(c.livenessProbe?.httpGet?.path, name).toBe('/health');
      expect(onPort(c.livenessProbe?.httpGet?.port), name).toBe(true);
      expect(c.startupProbe?.httpGet, name).toBeDefined();
      for (const kind of ['requests', 'limits'] as const) {
        expect(c.resources?.[kind]?.cpu, `${name} ${kind}.cpu`).toBeDefined();
        expect(c.resources?.[kind]?.memory, `${name} ${kind}.memory`).toBeDefined();
      }
      expect(c.securityContext?.readOnlyRootFilesystem, name).toBe(true);
      // Endpoints drain before SIGTERM, and the sleep fits in the grace period with the kit's 25 s deadline.
      const sleep = c.lifecycle?.preStop?.exec?.command;
      expect(sleep?.[0], name).toBe('sleep');
      expect(Number(sleep?.[1]) + 25, name).toBeLessThanOrEqual(pod.terminationGracePeriodSeconds!);
    }
  });

  it('every pod meets the restricted Pod Security Standard the namespace enforces', () => {
    const ns = named(ofKind<K8sObject>('Namespace'), 'tiketi');
    expect(ns.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    for (const { obj, template } of workloads) {
      const pod = template.spec!;
      expect(pod.hostNetwork ?? false, obj.metadata.name).toBe(false);
      expect(pod.volumes?.some((v) => v.hostPath) ?? false, obj.metadata.name).toBe(false);
      for (const c of [...pod.containers, ...(pod.initContainers ?? [])]) {
        const where = `${obj.metadata.name}/${c.name}`;
        const runAsNonRoot = c.securityContext?.runAsNonRoot ?? pod.securityContext?.runAsNonRoot;
        const runAsUser = c.securityContext?.runAsUser ?? pod.securityContext?.runAsUser;
        expect(runAsNonRoot, where).toBe(true);
        expect(runAsUser, where).not.toBe(0);
        expect(c.securityContext?.allowPrivilegeEscalation, where).toBe(false);
        expect(c.securityContext?.privileged ?? false, where).toBe(false);
        expect(c.securityContext?.capabilities?.drop, where).toEqual(['ALL']);
        expect(c.securityContext?.capabilities?.add ?? [], where).toEqual([]);
        expect(
          c.securityContext?.seccompProfile?.type ?? pod.securityContext?.seccompProfile?.type,
          where,
        ).toBe('RuntimeDefault');
      }
    }
  });

  it('Node services get their name, port, telemetry endpoint and the secrets their config demands', () => {
    for (const [name, port] of Object.entries(NODE_SERVICES)) {
      const d = named(deployments, name);
      const c = appContainer(d);
      const env = new Map(c.env?.map((e) => [e.name, e]));
      expect(env.get('PORT')?.value, name).toBe(String(port));
      expect(env.get('OTEL_SERVICE_NAME')?.value, name).toBe(name);
      expect(c.envFrom?.map((e) => e.configMapRef?.name)).toEqual(['tiketi-config']);
      expect(env.get('ROUTER_SECRET')?.valueFrom?.secretKeyRef, name).toMatchObject({
        name: 'tiketi-secrets',
      });
      if (name !== 'router') expect(env.get('DATABASE_URL')?.valueFrom?.secretKeyRef, name).toBeDefined();
      else expect(env.has('DATABASE_URL'), 'the router has no database').toBe(false);
      // The kit serves /metrics on the service port: Prometheus finds it through these annotations.
      expect(d.spec?.template.metadata?.annotations).toMatchObject({
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': String(port),
        'prometheus.io/path': '/metrics',
      });
      // The Dockerfile's `node` user.
      expect(d.spec?.template.spec?.securityContext?.runAsUser, name).toBe(1000);
    }
    expect(named(deployments, 'auth').spec?.template.spec?.containers[0]?.env?.map((e) => e.name)).toContain(
      'AUTH_JWT_PRIVATE_KEY',
    );
  });

  it('each app has a Service, HorizontalPodAutoscaler and PodDisruptionBudget that match its pods', () => {
    const hpas = ofKind<IHorizontalPodAutoscaler>('HorizontalPodAutoscaler');
    const pdbs = ofKind<IPodDisruptionBudget>('PodDisruptionBudget');
    for (const name of APPS) {
      const labels = podLabels(name);
      const port = NODE_SERVICES[name] ?? SPAS[name]!;
      const svc = named(services, name);
      expect(selects({ matchLabels: svc.spec?.selector }, labels), `${name} Service selects its pods`).toBe(
        true,
      );
      expect(containerPortBehind(name, port), `${name} Service port ${port}`).toBe(
        NODE_SERVICES[name] ?? 8080,
      );

      const hpa = named(hpas, name);
      expect(hpa.spec?.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name });
      expect(hpa.spec?.minReplicas, name).toBeGreaterThanOrEqual(2);
      expect(hpa.spec!.maxReplicas, name).toBeGreaterThan(hpa.spec!.minReplicas!);
      expect(hpa.spec?.metrics?.[0]?.resource?.name, name).toBe('cpu');

      const pdb = named(pdbs, name);
      expect(selects(pdb.spec?.selector, labels), `${name} PDB selects its pods`).toBe(true);
      expect(pdb.spec?.maxUnavailable ?? 0, name).toBeLessThan(hpa.spec!.minReplicas!);
    }
  });

  it('autoscalers scale out where k8s/CAPACITY.md plans a busy pod, and memory requests cover Node 24 at idle', () => {
    const hpas = ofKind<IHorizontalPodAutoscaler>('HorizontalPodAutoscaler');
    const cores = (q: string | number | undefined) =>
      typeof q === 'string' && q.endsWith('m') ? Number(q.slice(0, -1)) / 1000 : Number(q);
    const mebibytes = (q: string | number | undefined) => Number(String(q).replace(/Mi$/, ''));
    for (const name of ['router', 'seating', 'queue', 'payment']) {
      const requests = appContainer(named(deployments, name)).resources!.requests!;
      const target = named(hpas, name).spec!.metrics![0]!.resource!.target.averageUtilization! / 100;
      // The HPA's target is a share of the request: a pod scales out at target × request of a core. The model
      // plans 0.7 core per pod (one event loop, latency climbing beyond it).
      const scaleOutAt = target * cores(requests.cpu);
      expect(scaleOutAt, name).toBeGreaterThanOrEqual(0.4);
      expect(scaleOutAt, name).toBeLessThanOrEqual(0.7);
    }
    // Idle RSS on Node 24, compiled (bench/RESULTS.md): router 358 MB, seating 247 MB.
    expect(
      mebibytes(appContainer(named(deployments, 'router')).resources!.requests!.memory),
    ).toBeGreaterThanOrEqual(358 / 1.048576);
    for (const name of Object.keys(SUBGRAPHS)) {
      const memory = mebibytes(appContainer(named(deployments, name)).resources!.requests!.memory);
      expect(memory, name).toBeGreaterThanOrEqual(247 / 1.048576);
    }
  });

  it('Postgres accepts a connection from every pool the autoscalers and migrations can open', () => {
    const poolSize = Number(/poolSize \?\? (\d+)/.exec(read('subgraphs', 'kit', 'src', 'orm.ts'))?.[1]);
    expect(poolSize).toBeGreaterThan(0);
    const hpas = ofKind<IHorizontalPodAutoscaler>('HorizontalPodAutoscaler');
    const pods = Object.keys(SUBGRAPHS).reduce(
      (n, name) => n + named(hpas, name).spec!.maxReplicas,
      jobs.length,
    );
    const pg = named(ofKind<K8sObject & { spec: { template: IPodTemplateSpec } }>('StatefulSet'), 'postgres');
    const args = pg.spec.template.spec!.containers[0]!.args!.join(' ');
    const maxConnections = Number(/max_connections=(\d+)/.exec(args)?.[1]);
    // Postgres keeps 3 connections for superusers by default.
    expect(pods * poolSize).toBeLessThanOrEqual(maxConnections - 3);
  });

  it('the Ingress routes /graphql (WebSockets included) to the router and / to the apps', () => {
    const ingresses = ofKind<IIngress>('Ingress');
    const routes = ingresses.flatMap((ing) =>
      (ing.spec?.rules ?? []).flatMap((rule) =>
        (rule.http?.paths ?? []).map((p) => ({
          ingress: ing,
          host: rule.host,
          path: p.path,
          service: p.backend.service?.name,
          port: p.backend.service?.port?.number,
        })),
      ),
    );
    for (const r of routes) {
      expect(r.ingress.spec?.ingressClassName).toBe('nginx');
      expect(
        containerPortBehind(r.service!, r.port!),
        `${r.host}${r.path} → ${r.service}:${r.port}`,
      ).toBeDefined();
    }
    const graphql = routes.filter((r) => r.path === '/graphql');
    expect(new Set(graphql.map((r) => r.host))).toEqual(
      new Set(routes.filter((r) => r.path === '/').map((r) => r.host)),
    );
    for (const r of graphql) {
      expect(r).toMatchObject({ service: 'router', port: 4000 });
      // ingress-nginx closes a proxied WebSocket after proxy-read-timeout without traffic (default 60 s).
      const annotations = r.ingress.metadata.annotations ?? {};
      expect(Number(annotations['nginx.ingress.kubernetes.io/proxy-read-timeout'])).toBeGreaterThanOrEqual(
        3600,
      );
      expect(Number(annotations['nginx.ingress.kubernetes.io/proxy-send-timeout'])).toBeGreaterThanOrEqual(
        3600,
      );
    }
    expect(
      routes
        .filter((r) => r.path === '/')
        .map((r) => `${r.service}:${r.port}`)
        .sort(),
    ).toEqual(['admin:3001', 'web:3000']);
    // The apps call the API on their own origin, so the router must allow exactly those origins.
    const origins = config.CORS_ORIGINS!.split(',').map((o) => new URL(o).host);
    expect(new Set(origins)).toEqual(new Set(graphql.map((r) => r.host)));
  });

  it('a migration Job per subgraph runs the migrate CLI with the service image and database', () => {
    expect(config.MIGRATE_ON_START).toBe('false');
    expect(existsSync(at('subgraphs/kit/src/migrate-cli.ts'))).toBe(true);
    for (const name of Object.keys(SUBGRAPHS)) {
      const job = named(jobs, `migrate-${name}`);
      const pod = job.spec!.template.spec!;
      const c = pod.containers[0]!;
      expect(pod.restartPolicy).toBe('Never');
      expect(job.spec?.parallelism ?? 1, 'one pod per run (runs at once wait on the advisory lock)').toBe(1);
      expect(c.image).toBe(appContainer(named(deployments, name)).image);
      // The service's compiled migrations (`npm run build` writes dist/migrate.js for every subgraph).
      expect(c.workingDir).toBe(`/app/subgraphs/${name}`);
      expect(c.command).toEqual(['node', 'dist/migrate.js']);
      const dbRef = (env: IContainer['env']) =>
        env?.find((e) => e.name === 'DATABASE_URL')?.valueFrom?.secretKeyRef;
      // The service's own role (the Job creates it from this URL), the migration role it migrates as, and the
      // admin that may create roles: only the Job reads tiketi-migrator.
      expect(dbRef(c.env)).toEqual(dbRef(appContainer(named(deployments, name)).env));
      expect(dbRef(c.env)?.name).toBe(`tiketi-${name}`);
      const refOf = (variable: string) => c.env?.find((e) => e.name === variable)?.valueFrom?.secretKeyRef;
      expect(refOf('MIGRATION_DATABASE_URL')).toMatchObject({ name: 'tiketi-migrator' });
      expect(refOf('DATABASE_ADMIN_URL')).toMatchObject({ name: 'tiketi-migrator' });
      expect(c.envFrom?.[0]?.configMapRef?.name).toBe('tiketi-config');
      expect(podLabels(`migrate-${name}`)['app.kubernetes.io/component']).toBe('migration');
    }
    // The CLI imports `@tiketi/<service>/migrations`: every subgraph written so far must be a workspace
    // (linked into node_modules in the image) that exports its migration list.
    const workspaces = (JSON.parse(read('package.json')) as { workspaces: string[] }).workspaces;
    const written = Object.keys(SUBGRAPHS).filter((name) =>
      existsSync(at('subgraphs', name, 'package.json')),
    );
    expect(written).toContain('auth');
    for (const name of written) {
      expect(
        workspaces.some((w) => w === `subgraphs/${name}` || w === 'subgraphs/*'),
        `${name} is a workspace`,
      ).toBe(true);
      const pkg = JSON.parse(read('subgraphs', name, 'package.json')) as { name: string; exports?: object };
      expect(pkg.name).toBe(`@tiketi/${name}`);
      expect(pkg.exports, name).toHaveProperty('./migrations');
    }
  });
});

describe('network policies', () => {
  const policiesFor = (name: string) =>
    networkPolicies.filter((p) => selects(p.spec?.podSelector, podLabels(name)));
  /** Every ingress peer allowed into `name`'s pods, as the workloads it selects (or the external source). */
  function allowedPeers(name: string) {
    const peers: { from: string[]; ports: (number | string | undefined)[] }[] = [];
    for (const policy of policiesFor(name)) {
      for (const rule of policy.spec?.ingress ?? []) {
        expect(
          rule.from?.length,
          `${policy.metadata.name}: a rule without "from" admits everyone`,
        ).toBeTruthy();
        for (const peer of rule.from ?? []) {
          expect(peer.ipBlock, policy.metadata.name).toBeUndefined();
          const from = peer.namespaceSelector
            ? [
                `namespace ${JSON.stringify(peer.namespaceSelector.matchLabels)} pods ${JSON.stringify(peer.podSelector?.matchLabels)}`,
              ]
            : podsSelectedBy(peer.podSelector ?? {});
          peers.push({ from, ports: rule.ports?.map((p) => p.port) ?? [] });
        }
      }
    }
    return peers;
  }

  it('ingress is denied by default in the namespace', () => {
    const deny = named(networkPolicies, 'default-deny-ingress');
    expect(deny.spec?.podSelector).toEqual({});
    expect(deny.spec?.policyTypes).toEqual(['Ingress']);
    expect(deny.spec?.ingress ?? []).toEqual([]);
  });

  it('subgraphs accept connections only from the router and Prometheus, on their own port', () => {
    for (const [name, port] of Object.entries(SUBGRAPHS)) {
      const peers = allowedPeers(name);
      expect(peers.flatMap((p) => p.from).sort(), name).toEqual(['prometheus', 'router']);
      for (const p of peers) expect(p.ports, name).toEqual([port]);
    }
  });

  it('Postgres serves only subgraphs and migrations, Redis only subgraphs and the router', () => {
    const migrationJobs = Object.keys(SUBGRAPHS).map((s) => `migrate-${s}`);
    const on = (name: string, port: number) =>
      new Set(
        allowedPeers(name)
          .filter((p) => p.ports.includes(port))
          .flatMap((p) => p.from),
      );
    expect(on('postgres', 5432)).toEqual(new Set([...Object.keys(SUBGRAPHS), ...migrationJobs]));
    expect(on('redis', 6379)).toEqual(new Set([...Object.keys(SUBGRAPHS), 'router']));
    // Beside them, only their exporters' ports are open, and only to Prometheus.
    for (const [name, exporter] of [
      ['postgres', 9187],
      ['redis', 9121],
    ] as const) {
      for (const p of allowedPeers(name)) {
        expect(p.ports, name).toHaveLength(1);
        if (!p.ports.includes(name === 'postgres' ? 5432 : 6379)) {
          expect(p, name).toEqual({ from: ['prometheus'], ports: [exporter] });
        }
      }
    }
  });

  it('the router and the apps are reachable from the ingress controller only (plus Prometheus for the router)', () => {
    for (const name of ['router', 'web', 'admin']) {
      const from = allowedPeers(name).flatMap((p) => p.from);
      expect(
        from.filter((f) => f.startsWith('namespace')),
        name,
      ).toEqual([
        'namespace {"kubernetes.io/metadata.name":"ingress-nginx"} pods {"app.kubernetes.io/name":"ingress-nginx"}',
      ]);
      expect(
        from.filter((f) => !f.startsWith('namespace')),
        name,
      ).toEqual(name === 'router' ? ['prometheus'] : []);
    }
  });
});

describe('secrets', () => {
  const templates = objects.filter(isTemplate).map((l) => l.obj) as unknown as (ISecret & K8sObject)[];
  const template = named(templates, 'tiketi-secrets');
  const values = Object.entries(template.stringData ?? {});

  it('the template holds placeholders only, never the development defaults', () => {
    const dev = new Set<string>(Object.values(DEV_SECRETS));
    for (const secret of templates) {
      for (const [key, value] of Object.entries(secret.stringData ?? {})) {
        expect(dev.has(value), `${secret.metadata.name}/${key}`).toBe(false);
        if (value !== '' && !key.endsWith('_USER')) expect(value, key).toContain('CHANGE-ME');
      }
      expect(secret.data, 'placeholders are readable stringData').toBeUndefined();
    }
  });

  it('a service started on the placeholder ROUTER_SECRET refuses to run in production', () => {
    const env = (routerSecret: string) => ({
      TIKETI_ENV: 'production',
      PORT: '4001',
      DATABASE_URL: named(templates, 'tiketi-auth').stringData!.DATABASE_URL,
      REDIS_URL: named(templates, 'tiketi-auth').stringData!.REDIS_URL,
      ROUTER_SECRET: routerSecret,
    });
    const start = (routerSecret: string) =>
      serviceConfig(parseEnv(serviceEnvShape, env(routerSecret)), 'auth');
    expect(() => start(template.stringData!.ROUTER_SECRET!)).toThrow(ConfigError);
    expect(() => start(DEV_SECRETS.ROUTER_SECRET)).toThrow(ConfigError);
    // …while a real secret and the ConfigMap's own values are accepted, so the refusal is the placeholder's.
    expect(start('k3Jq9vXz0Lw8Rt2Yb6Nm4Pc7Hs1Gd5Fa').mode).toBe('production');
    expect(() =>
      parseEnv(serviceEnvShape, { ...config, PORT: '4001', DATABASE_URL: 'postgres://x@y/z' }),
    ).not.toThrow();
  });

  it('the template defines every key the workloads read, and Postgres and DATABASE_ADMIN_URL agree', () => {
    const refs = workloads.flatMap((w) =>
      w.template.spec!.containers.flatMap(
        (c) => c.env?.flatMap((e) => e.valueFrom?.secretKeyRef ?? []) ?? [],
      ),
    );
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) {
      expect(named(templates, ref.name!).stringData ?? {}, `${ref.name}/${ref.key}`).toHaveProperty(ref.key);
    }
    expect(values.map(([k]) => k)).toContain('POSTGRES_PASSWORD');
    const db = new URL(named(templates, 'tiketi-migrator').stringData!.DATABASE_ADMIN_URL!);
    expect(decodeURIComponent(db.password)).toBe(template.stringData!.POSTGRES_PASSWORD);
    expect(containerPortBehind(db.hostname, urlPort(db))).toBe(5432);
    const pg = named(ofKind<K8sObject & { spec: { template: IPodTemplateSpec } }>('StatefulSet'), 'postgres');
    const pgEnv = new Map(pg.spec.template.spec!.containers[0]!.env!.map((e) => [e.name, e.value]));
    expect(`${pgEnv.get('POSTGRES_USER')}/${pgEnv.get('POSTGRES_DB')}`).toBe(`${db.username}${db.pathname}`);
  });
});

describe('least privilege (issue 15)', () => {
  const templates = objects.filter(isTemplate).map((l) => l.obj) as unknown as (ISecret & K8sObject)[];
  const secretOf = (name: string) => named(templates, name).stringData ?? {};
  const login = (url: string) => {
    const u = new URL(url);
    return {
      user: decodeURIComponent(u.username),
      password: decodeURIComponent(u.password),
      host: u.hostname,
    };
  };

  it('each service reads its database and Redis logins from a Secret of its own, and no workload but the Jobs reads the migrator', () => {
    for (const name of [...Object.keys(SUBGRAPHS), 'router']) {
      const env = appContainer(named(deployments, name)).env ?? [];
      const ref = (variable: string) => env.find((e) => e.name === variable)?.valueFrom?.secretKeyRef;
      expect(ref('REDIS_URL'), name).toMatchObject({ name: `tiketi-${name}`, key: 'REDIS_URL' });
      if (name !== 'router') expect(ref('DATABASE_URL'), name).toMatchObject({ name: `tiketi-${name}` });
      expect(
        env.some((e) => e.name === 'MIGRATION_DATABASE_URL' || e.name === 'DATABASE_ADMIN_URL'),
        name,
      ).toBe(false);
    }
    // Distinct roles and users, none of them the superuser or Redis' default.
    const dbUsers = Object.keys(SUBGRAPHS).map(
      (name) => login(secretOf(`tiketi-${name}`).DATABASE_URL!).user,
    );
    const migrator = login(secretOf('tiketi-migrator').MIGRATION_DATABASE_URL!).user;
    const admin = login(secretOf('tiketi-migrator').DATABASE_ADMIN_URL!).user;
    expect(new Set([...dbUsers, migrator, admin]).size).toBe(dbUsers.length + 2);
    for (const name of [...Object.keys(SUBGRAPHS), 'router']) {
      const redis = login(secretOf(`tiketi-${name}`).REDIS_URL!);
      expect(redis.user).toBe(`tiketi-${name}`);
      expect(containerPortBehind(redis.host, 6379)).toBe(6379);
    }
  });

  it("the Redis ACL file in the template is the kit's, with each service's password from its REDIS_URL", () => {
    const acl = secretOf('tiketi-redis-acl');
    const users = REDIS_SERVICES.map((service) => ({
      service,
      ...(({ user, password }) => ({ name: user, password }))(
        login(secretOf(`tiketi-${service}`).REDIS_URL!),
      ),
    }));
    const expected = redisAclFile(
      users,
      config.REDIS_PREFIX!,
      {
        exporter: { name: acl.REDIS_EXPORTER_USER!, password: acl.REDIS_EXPORTER_PASSWORD! },
        admin: { name: 'tiketi-admin', password: 'CHANGE-ME-admin-redis' },
      },
      { plain: true },
    );
    expect(acl['users.acl']).toBe(expected);
    // Redis reads it from the Secret; the exporter logs in as its own user.
    const redis = named(ofKind<K8sObject & { spec: { template: IPodTemplateSpec } }>('Deployment'), 'redis');
    const pod = redis.spec.template.spec!;
    expect(pod.containers[0]!.args).toEqual(expect.arrayContaining(['--aclfile', '/etc/redis/users.acl']));
    expect(pod.volumes?.find((v) => v.name === 'acl')?.secret?.secretName).toBe('tiketi-redis-acl');
    const exporterEnv = pod.containers.find((c) => c.name === 'exporter')!.env ?? [];
    expect(exporterEnv.find((e) => e.name === 'REDIS_USER')?.valueFrom?.secretKeyRef?.name).toBe(
      'tiketi-redis-acl',
    );
  });

  it('the local overlay ships an ACL file with the same rules, for its own passwords', () => {
    const file = read('k8s/overlays/local/users.acl');
    const users = REDIS_SERVICES.map((service) => ({
      service,
      name: `tiketi-${service}`,
      password: `local-${service}-redis`,
    }));
    expect(file).toBe(
      redisAclFile(
        users,
        config.REDIS_PREFIX!,
        {
          exporter: { name: 'tiketi-exporter', password: 'local-exporter-redis' },
          admin: { name: 'tiketi-admin', password: 'local-admin-redis' },
        },
        { plain: true },
      ),
    );
  });
});

describe('production start-up', () => {
  /** What a real secret store would hold for each key the workloads read (fresh, strong, not the defaults). */
  const realSecrets: Record<string, string> = {
    ROUTER_SECRET: randomBytes(48).toString('base64'),
    TICKET_SIGNING_SECRET: randomBytes(48).toString('base64'),
    QUEUE_PASS_SECRET: randomBytes(48).toString('base64'),
    POW_SECRET: randomBytes(48).toString('base64'),
    CHECKOUT_TOKEN_SECRET: randomBytes(48).toString('base64'),
    POSTGRES_PASSWORD: 's3cret',
    // Each service's own logins (tiketi-<service>), keyed `<secret>/<key>`.
    ...Object.fromEntries(
      [...Object.keys(SUBGRAPHS), 'router'].flatMap((name) => [
        [`tiketi-${name}/DATABASE_URL`, `postgres://tiketi_${name}:s3cret@postgres:5432/tiketi`],
        [`tiketi-${name}/REDIS_URL`, `redis://tiketi-${name}:s3cret@redis:6379`],
      ]),
    ),
    AUTH_JWT_PRIVATE_KEY: generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString(),
    AUTH_JWT_PREVIOUS_PUBLIC_KEYS: '',
    TOSS_SECRET_KEY: `live_sk_${randomBytes(12).toString('hex')}`,
    TOSS_CLIENT_KEY: `live_ck_${randomBytes(12).toString('hex')}`,
    GOOGLE_CLIENT_ID: '1234567890-abc.apps.googleusercontent.com',
  };
  const loaders: Record<string, () => Promise<(env: Record<string, string>) => unknown>> = {
    router: async () => (await import('@tiketi/router')).loadConfig,
    auth: async () => (await import('@tiketi/auth')).loadConfig,
    catalog: async () => (await import('@tiketi/catalog')).loadConfig,
    seating: async () => (await import('@tiketi/seating')).loadConfig,
    queue: async () => (await import('@tiketi/queue')).loadConfig,
    payment: async () => (await import('@tiketi/payment')).loadConfig,
  };

  /** The environment Kubernetes gives a Deployment's app container: the ConfigMap, then its own `env`. */
  function podEnv(name: string): Record<string, string> {
    const container = appContainer(named(deployments, name));
    const env: Record<string, string> = container.envFrom?.some(
      (f) => f.configMapRef?.name === 'tiketi-config',
    )
      ? { ...config }
      : {};
    for (const variable of container.env ?? []) {
      const ref = variable.valueFrom?.secretKeyRef;
      if (ref !== undefined) {
        const value = realSecrets[`${ref.name}/${ref.key}`] ?? realSecrets[ref.key];
        if (value === undefined)
          throw new Error(`${name}: no test value for secret key ${ref.name}/${ref.key}`);
        env[variable.name] = value;
      } else {
        env[variable.name] = variable.value ?? (variable.valueFrom?.fieldRef ? `${name}-0` : '');
      }
    }
    return env;
  }

  it.each(Object.keys(loaders))('%s accepts the configuration its manifest gives it', async (name) => {
    const loadConfig = await loaders[name]!();
    let problems: string[] = [];
    try {
      loadConfig(podEnv(name));
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems = err.problems;
    }
    // A missing or misnamed secret shows up here as the variable the service refuses to start without.
    expect(problems).toEqual([]);
  });
});

describe('the ConfigMap', () => {
  it('points every service URL at a Service and port that exist', () => {
    // REDIS_URL is each service's own (its Secret): see 'least privilege'.
    expect(config.REDIS_URL).toBeUndefined();
    for (const key of ['OTEL_EXPORTER_OTLP_ENDPOINT', 'AUTH_JWKS_URL']) {
      const url = new URL(config[key]!);
      expect(containerPortBehind(url.hostname, urlPort(url)), key).toBeDefined();
    }
    for (const [name, port] of Object.entries(SUBGRAPHS)) {
      const url = new URL(config[`${name.toUpperCase()}_SUBGRAPH_URL`]!);
      expect(`${url.hostname}:${url.port}${url.pathname}`).toBe(`${name}:${port}/graphql`);
    }
    expect(config.TIKETI_ENV).toBe('production');
  });
});

// --- images ------------------------------------------------------------------------------------------------

interface Instruction {
  op: string;
  args: string;
}
function dockerfile(name: string): Instruction[] {
  return read('k8s', 'docker', name)
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((l) => l.trim() && !l.trimStart().startsWith('#'))
    .map((l) => {
      const [op, ...rest] = l.trim().split(/\s+/);
      return { op: op!.toUpperCase(), args: rest.join(' ') };
    });
}
function stages(instructions: Instruction[]) {
  const args = new Map<string, string>();
  const result: { image: string; name?: string; body: Instruction[] }[] = [];
  for (const i of instructions) {
    if (i.op === 'ARG' && result.length === 0 && i.args.includes('=')) {
      const [k, v] = i.args.split('=');
      args.set(k!, v!);
    } else if (i.op === 'FROM') {
      const [image, , name] = i.args.split(' ');
      result.push({
        image: image!.replace(/\$\{(\w+)\}/g, (_, k: string) => args.get(k) ?? ''),
        name,
        body: [],
      });
    } else result.at(-1)?.body.push(i);
  }
  return result;
}

describe('Dockerfiles', () => {
  for (const file of ['Dockerfile', 'Dockerfile.web']) {
    it(`${file}: pinned base images, a non-root final stage`, () => {
      const all = stages(dockerfile(file));
      expect(all.length).toBeGreaterThanOrEqual(3);
      const names = new Set(all.map((s) => s.name));
      for (const s of all) {
        if (names.has(s.image)) continue;
        expect(s.image, `${file} FROM ${s.image}`).toMatch(/^[\w./-]+:(?!latest$)[\w][\w.-]*$/);
      }
      const user = all
        .at(-1)!
        .body.filter((i) => i.op === 'USER')
        .at(-1)?.args;
      expect(user, `${file} final USER`).toBeDefined();
      expect(['root', '0', '0:0']).not.toContain(user);
      const ignore = read('k8s', 'docker', `${file}.dockerignore`);
      expect(ignore).toMatch(/^\*\*\/node_modules$/m);
    });
  }

  it('the Node image runs the service as `node` in production mode, telemetry hooks before the app', () => {
    const final = stages(dockerfile('Dockerfile')).at(-1)!;
    const env = final.body
      .filter((i) => i.op === 'ENV')
      .map((i) => i.args)
      .join(' ');
    expect(env).toContain('NODE_ENV=production');
    expect(env).toContain('TIKETI_ENV=production');
    expect(final.body.find((i) => i.op === 'USER')?.args).toBe('node');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Dockerfile build argument, not a JS template.
    expect(final.body.find((i) => i.op === 'WORKDIR')?.args).toBe('/app/${SERVICE}');
    const cmd = JSON.parse(final.body.find((i) => i.op === 'CMD')!.args) as string[];
    // Compiled JavaScript, the telemetry bundle imported before the service (tests/build.test.ts runs exactly
    // this command against the build's output).
    expect(cmd).toEqual(['node', '--import', './dist/telemetry.js', 'dist/main.js']);
    expect(existsSync(at('subgraphs/kit/src/telemetry/register.ts'))).toBe(true);
  });

  it('the Node image is multi-stage: built with dev dependencies, run with production dependencies only', () => {
    const all = stages(dockerfile('Dockerfile'));
    const stage = (name: string) => all.find((s) => s.name === name);
    const runs = (name: string) =>
      stage(name)
        ?.body.filter((i) => i.op === 'RUN')
        .map((i) => i.args)
        .join('\n') ?? '';
    // The build stage installs everything (esbuild is a dev dependency) and bundles the one service.
    expect(runs('deps')).toMatch(/npm ci\b/);
    expect(runs('deps')).not.toContain('--omit=dev');
    expect(stage('build')?.image).toBe('deps');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Dockerfile build argument, not a JS template.
    expect(runs('build')).toContain('npm run build -- --out /out "${SERVICE}"');
    // A separate stage installs the service's production dependencies only.
    expect(runs('prod-deps')).toMatch(/npm ci --omit=dev --workspace "\$\{SERVICE\}"/);
    const final = all.at(-1)!;
    expect(final.body.filter((i) => i.op === 'RUN')).toEqual([]);
    const copies = final.body.filter((i) => i.op === 'COPY').map((i) => i.args);
    expect(copies).toEqual([
      '--from=prod-deps /app/node_modules /app/node_modules',
      '--from=build /out/ /app/',
    ]);
    // The build's output layout, and a root script that builds it.
    const pkg = JSON.parse(read('package.json')) as {
      scripts: Record<string, string>;
      engines: { node: string };
    };
    expect(pkg.scripts.build).toBe('tsx subgraphs/kit/src/dev/build.ts');
  });

  it('the images run a supported LTS Node that the engines range admits', () => {
    const { engines } = JSON.parse(read('package.json')) as { engines: { node: string } };
    for (const file of ['Dockerfile', 'Dockerfile.web']) {
      const node = stages(dockerfile(file)).find((s) => s.image.startsWith('node:'))!.image;
      const [major, minor] = /^node:(\d+)\.(\d+)\.\d+-/.exec(node)!.slice(1).map(Number) as [number, number];
      // Even majors are the LTS lines; 20 ended in April 2026, 22 is maintained until April 2027.
      expect([22, 24], `${file}: ${node}`).toContain(major);
      const admitted = engines.node.split('||').some((range) => {
        const m = /^\s*(\^|>=)(\d+)\.(\d+)/.exec(range);
        if (!m) return false;
        const [op, rMajor, rMinor] = [m[1], Number(m[2]), Number(m[3])];
        return op === '^'
          ? major === rMajor && minor >= rMinor
          : major > rMajor || (major === rMajor && minor >= rMinor);
      });
      expect(admitted, `${engines.node} admits ${node}`).toBe(true);
    }
  });

  it('the SPA image serves on 8080 with an SPA fallback and the probe paths', () => {
    const final = stages(dockerfile('Dockerfile.web')).at(-1)!;
    expect(final.image).toMatch(/^nginxinc\/nginx-unprivileged:/);
    expect(
      final.body.some((i) => i.op === 'COPY' && i.args === 'k8s/docker/nginx.conf /etc/nginx/nginx.conf'),
    ).toBe(true);
    const nginx = read('k8s', 'docker', 'nginx.conf');
    expect(nginx).toMatch(/^\s*listen 8080;$/m);
    expect(nginx).toMatch(/try_files \$uri \$uri\/ \/index\.html;/);
    expect(nginx).toMatch(/location = \/health/);
    expect(nginx).toMatch(/location = \/ready/);
    expect(nginx).toMatch(/^pid \/tmp\//m);
  });

  it.skipIf(!which('nginx'))('nginx accepts nginx.conf', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tiketi-nginx-'));
    try {
      // The test's stdio are sockets, which /dev/stderr cannot reopen; a container's are pipes.
      const conf = read('k8s', 'docker', 'nginx.conf')
        .replace('/usr/share/nginx/html', dir)
        .replaceAll(/\/dev\/std(?:out|err)/g, join(dir, 'log'));
      writeFileSync(join(dir, 'nginx.conf'), conf);
      const out = spawnSync('nginx', ['-t', '-c', join(dir, 'nginx.conf')], { encoding: 'utf8' });
      expect(out.status, out.stderr).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// --- observability -----------------------------------------------------------------------------------------

interface CollectorConfig {
  extensions: { health_check: { endpoint: string } };
  receivers: { otlp: { protocols: { grpc: { endpoint: string }; http: { endpoint: string } } } };
  processors: Record<string, unknown>;
  connectors: Record<string, unknown>;
  exporters: { 'otlp/tempo': { endpoint: string }; prometheus: { endpoint: string } } & Record<
    string,
    unknown
  >;
  service: { pipelines: Record<string, { receivers: string[]; processors?: string[]; exporters: string[] }> };
}
interface TempoConfig {
  server: { http_listen_port: number };
  distributor: { receivers: { otlp: { protocols: { grpc: { endpoint: string } } } } };
  storage: { trace: { wal: { path: string }; local: { path: string } } };
}
interface ScrapeConfig {
  job_name: string;
  static_configs?: { targets: string[] }[];
  kubernetes_sd_configs?: { role: string; namespaces?: { names: string[] } }[];
}
interface PrometheusConfig {
  rule_files?: string[];
  scrape_configs: ScrapeConfig[];
}
interface Datasource {
  uid: string;
  type: string;
  url: string;
  jsonData?: {
    derivedFields?: { matcherRegex: string; datasourceUid: string; url: string }[];
    tracesToLogsV2?: { datasourceUid: string; tags?: { key: string; value: string }[] };
  };
}
interface Panel {
  type: string;
  title: string;
  datasource?: { uid: string };
  targets?: { expr: string; legendFormat?: string }[];
}

const collector = parseYaml(read('observability', 'otel-collector.yaml')) as CollectorConfig;
const tempo = parseYaml(read('observability', 'tempo.yaml')) as TempoConfig;
const prometheus = parseYaml(read('observability', 'prometheus.yml')) as PrometheusConfig;
const datasources = (
  parseYaml(read('observability', 'grafana', 'provisioning', 'datasources', 'datasources.yaml')) as {
    datasources: Datasource[];
  }
).datasources;
const dashboard = JSON.parse(read('observability', 'grafana', 'dashboards', 'tiketi-overview.json')) as {
  uid: string;
  panels: Panel[];
  templating: { list: { name: string; query: { query: string } }[] };
};
const portOf = (endpoint: string) =>
  Number(/:(\d+)$/.exec(endpoint.replace(/^\$\{env:\w+:-(.+)\}$/, '$1'))?.[1]);
const hostOf = (endpoint: string) => endpoint.replace(/^\$\{env:\w+:-(.+)\}$/, '$1').split(':')[0];

/** Volumes mounted from generated ConfigMaps, by workload: where each observability config lands. */
function mountOf(workload: string, configMap: string): string | undefined {
  const pod = named(deployments, workload).spec!.template.spec!;
  const volume = pod.volumes?.find((v) => v.configMap?.name === configMap)?.name;
  return pod.containers[0]!.volumeMounts?.find((m) => m.name === volume)?.mountPath;
}

describe('observability', () => {
  it('services → collector → Tempo → Grafana: every hop names an endpoint the next one listens on', () => {
    const otlp = new URL(config.OTEL_EXPORTER_OTLP_ENDPOINT!);
    expect(otlp.hostname).toBe('otel-collector');
    expect(containerPortBehind('otel-collector', urlPort(otlp))).toBe(
      portOf(collector.receivers.otlp.protocols.http.endpoint),
    );

    const toTempo = collector.exporters['otlp/tempo'].endpoint;
    expect(hostOf(toTempo)).toBe('tempo');
    expect(containerPortBehind('tempo', portOf(toTempo))).toBe(
      portOf(tempo.distributor.receivers.otlp.protocols.grpc.endpoint),
    );

    const tempoDs = new URL(datasources.find((d) => d.uid === 'tempo')!.url);
    expect(containerPortBehind(tempoDs.hostname, urlPort(tempoDs))).toBe(tempo.server.http_listen_port);

    const promDs = new URL(datasources.find((d) => d.uid === 'prometheus')!.url);
    const promArgs = appContainer(named(deployments, 'prometheus')).args ?? [];
    expect(containerPortBehind(promDs.hostname, urlPort(promDs))).toBe(9090);

    // Each config file is mounted where its program is told to read it.
    const collectorArgs = appContainer(named(deployments, 'otel-collector')).args ?? [];
    expect(collectorArgs).toContain(
      `--config=${mountOf('otel-collector', 'otel-collector-config')}/otel-collector.yaml`,
    );
    expect(appContainer(named(deployments, 'tempo')).args).toContain(
      `-config.file=${mountOf('tempo', 'tempo-config')}/tempo.yaml`,
    );
    expect(promArgs).toContain(`--config.file=${mountOf('prometheus', 'prometheus-config')}/prometheus.yml`);
    const tempoData = appContainer(named(deployments, 'tempo')).volumeMounts?.find(
      (m) => m.name === 'data',
    )?.mountPath;
    expect(tempo.storage.trace.wal.path.startsWith(`${tempoData}/`)).toBe(true);
    expect(tempo.storage.trace.local.path.startsWith(`${tempoData}/`)).toBe(true);
    const providers = parseYaml(
      read('observability', 'grafana', 'provisioning', 'dashboards', 'dashboards.yaml'),
    ) as {
      providers: { options: { path: string } }[];
    };
    expect(mountOf('grafana', 'grafana-dashboards')).toBe(providers.providers[0]!.options.path);

    // The collector's own probes and scrape annotation match what it serves.
    const collectorPod = named(deployments, 'otel-collector').spec!.template;
    expect(collectorPod.metadata?.annotations?.['prometheus.io/port']).toBe(
      String(portOf(collector.exporters.prometheus.endpoint)),
    );
    const health = collectorPod.spec!.containers[0]!.ports!.find((p) => p.name === 'health')!.containerPort;
    expect(health).toBe(portOf(collector.extensions.health_check.endpoint));
  });

  it('every collector pipeline uses components the config defines', () => {
    const defined = new Set([
      ...Object.keys(collector.receivers),
      ...Object.keys(collector.processors),
      ...Object.keys(collector.exporters),
      ...Object.keys(collector.connectors),
    ]);
    const used = Object.values(collector.service.pipelines).flatMap((p) => [
      ...p.receivers,
      ...(p.processors ?? []),
      ...p.exporters,
    ]);
    expect(used.filter((c) => !defined.has(c))).toEqual([]);
    expect(collector.service.pipelines.traces?.exporters).toContain('otlp/tempo');
  });

  it('the collector keeps every error and every slow trace for Tempo, and derives metrics from all spans', () => {
    const { traces, 'traces/spanmetrics': metrics } = collector.service.pipelines;
    // Tail sampling sits in the Tempo pipeline only, before batching; spanmetrics sees every span that arrives.
    expect(traces?.processors).toEqual(['memory_limiter', 'tail_sampling', 'batch']);
    expect(metrics?.receivers).toEqual(traces?.receivers);
    expect(metrics?.processors ?? []).not.toContain('tail_sampling');
    expect(metrics?.exporters).toEqual(['spanmetrics']);
    const { policies } = collector.processors.tail_sampling as {
      policies: {
        type: string;
        status_code?: { status_codes: string[] };
        latency?: { threshold_ms: number };
      }[];
    };
    expect(policies.find((p) => p.type === 'status_code')?.status_code?.status_codes).toEqual(['ERROR']);
    expect(policies.find((p) => p.type === 'latency')?.latency?.threshold_ms).toBe(1000);
    // Per-trace decisions need every span of a trace at one collector.
    expect(named(deployments, 'otel-collector').spec?.replicas).toBe(1);
  });

  it('Prometheus scrapes the annotated pods in the cluster and the npm start ports locally', () => {
    const pods = prometheus.scrape_configs.find((j) => j.job_name === 'kubernetes-pods');
    expect(pods?.kubernetes_sd_configs?.[0]).toEqual({ role: 'pod', namespaces: { names: ['tiketi'] } });
    const local = prometheus.scrape_configs.find((j) => j.job_name === 'tiketi-local');
    expect(local?.static_configs?.[0]?.targets).toEqual(
      Object.values(NODE_SERVICES).map((p) => `localhost:${p}`),
    );
    // What runs is one of two projections of prometheus.yml: the cluster's and the local one.
    for (const [file, dropped] of [
      ['prometheus.k8s.yml', 'tiketi-local'],
      ['prometheus.local.yml', 'kubernetes-pods'],
    ] as const) {
      expect(parseYaml(read('observability', file)), file).toEqual({
        ...prometheus,
        scrape_configs: prometheus.scrape_configs.filter((j) => j.job_name !== dropped),
      });
    }
    if (which('promtool')) {
      const check = spawnSync('promtool', ['check', 'config', at('observability', 'prometheus.local.yml')], {
        encoding: 'utf8',
      });
      expect(check.status, check.stdout + check.stderr).toBe(0);
    }
    // Prometheus may list pods (service discovery) and nothing else.
    const role = named(
      ofKind<K8sObject & { rules: { resources: string[]; verbs: string[] }[] }>('Role'),
      'prometheus',
    );
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] }]);
  });

  it('Prometheus alerts on domain-event consumers that lag or stall, on the metric the services export', () => {
    expect(prometheus.rule_files).toEqual(['alerts.yml']);
    const kustomization = parseYaml(read('observability', 'kustomization.yaml')) as {
      configMapGenerator: { name: string; files: string[] }[];
    };
    // Mounted beside the config in the cluster, where rule_files finds it.
    expect(kustomization.configMapGenerator.find((c) => c.name === 'prometheus-config')?.files).toContain(
      'alerts.yml',
    );
    const alerts = parseYaml(read('observability', 'alerts.yml')) as {
      groups: { name: string; rules: { alert: string; expr: string; for: string }[] }[];
    };
    const rules = alerts.groups.flatMap((g) => g.rules);
    // The rules themselves are unit-tested with promtool in tests/alerts.test.ts.
    expect(rules.map((r) => r.alert)).toEqual(
      expect.arrayContaining(['EventConsumerLagging', 'EventConsumerStalled']),
    );
    // The names the kit's consumer exports (kit/src/events/outbox.ts).
    const kit = read('subgraphs', 'kit', 'src', 'events', 'outbox.ts');
    for (const metric of ['tiketi_event_consumer_lag', 'tiketi_events_handled_total']) {
      expect(kit).toContain(`'${metric}'`);
      expect(rules.some((r) => r.expr.includes(metric))).toBe(true);
    }
    if (which('promtool')) {
      const check = spawnSync('promtool', ['check', 'rules', at('observability', 'alerts.yml')], {
        encoding: 'utf8',
      });
      expect(check.status, check.stdout + check.stderr).toBe(0);
    }
  });

  it('Grafana links log lines to traces through the trace_id the services log', () => {
    const uids = new Set(datasources.map((d) => d.uid));
    expect(uids).toEqual(new Set(['prometheus', 'tempo', 'loki']));
    const field = datasources.find((d) => d.uid === 'loki')?.jsonData?.derivedFields?.[0];
    expect(field?.datasourceUid).toBe('tempo');
    // Grafana expands $VARS in provisioning files: `$$` keeps the literal the link needs.
    expect(field?.url).toBe('$${__value.raw}');
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const line = JSON.stringify({
      level: 'info',
      time: '2026-01-01T00:00:00.000Z',
      service: 'auth',
      trace_id: traceId,
      span_id: '00f067aa0ba902b7',
      msg: 'x',
    });
    expect(new RegExp(field!.matcherRegex).exec(line)?.[1]).toBe(traceId);
    expect(read('subgraphs', 'kit', 'src', 'logger.ts')).toContain('trace_id: traceId');
    expect(datasources.find((d) => d.uid === 'tempo')?.jsonData?.tracesToLogsV2?.datasourceUid).toBe('loki');
  });

  it('logs: Alloy tails the namespace through the API and ships to the Loki Grafana reads', () => {
    const loki = parseYaml(read('observability', 'loki.yaml')) as {
      server: { http_listen_port: number };
      limits_config: { allow_structured_metadata: boolean };
    };
    const alloy = read('observability', 'alloy.alloy');
    // The agent pushes to the loki Service, on the port Loki serves.
    const push = new URL(/url\s*=\s*"([^"]+)"/.exec(alloy)![1]!);
    expect(push.hostname).toBe('loki');
    expect(push.pathname).toBe('/loki/api/v1/push');
    expect(containerPortBehind('loki', urlPort(push))).toBe(loki.server.http_listen_port);
    const grafanaLoki = new URL(datasources.find((d) => d.uid === 'loki')!.url!);
    expect(containerPortBehind('loki', urlPort(grafanaLoki))).toBe(loki.server.http_listen_port);
    // Configs mounted where the containers read them.
    expect(appContainer(named(deployments, 'loki')).args).toContain(
      `-config.file=${mountOf('loki', 'loki-config')}/loki.yaml`,
    );
    expect(appContainer(named(deployments, 'alloy')).args).toContain(
      `${mountOf('alloy', 'alloy-config')}/alloy.alloy`,
    );
    // Only this namespace's pods, labelled `app` as the Tempo → Loki link expects; trace_id kept per line as
    // structured metadata (never a label: one per request would explode Loki's index).
    expect(alloy).toMatch(/namespaces\s*\{\s*names\s*=\s*\["tiketi"\]/);
    expect(alloy).toMatch(/__meta_kubernetes_pod_label_app_kubernetes_io_name"\]\s*target_label\s*=\s*"app"/);
    expect(alloy).toMatch(/stage\.structured_metadata\s*\{\s*values\s*=\s*\{\s*trace_id/);
    expect(alloy).not.toMatch(/stage\.labels\s*\{[^}]*trace_id/);
    expect(loki.limits_config.allow_structured_metadata).toBe(true);
    expect(datasources.find((d) => d.uid === 'tempo')?.jsonData?.tracesToLogsV2?.tags).toEqual([
      { key: 'service.name', value: 'app' },
    ]);
    // The agent may read pods and their logs, nothing else; and it runs once (two would ship every line twice).
    const role = named(
      ofKind<K8sObject & { rules: { resources: string[]; verbs: string[] }[] }>('Role'),
      'alloy',
    );
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'watch'] },
    ]);
    expect(named(deployments, 'alloy').spec?.replicas).toBe(1);
  });

  it('the dashboard queries only metrics and labels the services export', async () => {
    // The kit's real registry, after one operation with an error, is what every service exposes.
    const metrics = createMetrics('deploy-test');
    const listener = await metrics.plugin.requestDidStart!({} as never);
    await listener!.willSendResponse!({
      operationName: 'EventPage',
      operation: { operation: 'query' },
      errors: [{ extensions: { code: 'NOT_FOUND' } }],
    } as never);
    const exposition = await metrics.registry.metrics();
    const exported = new Set<string>();
    const labels = new Set(['le', 'job', 'instance', 'app', 'namespace', 'pod']);
    for (const [, name, type] of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
      const suffixes =
        type === 'histogram'
          ? ['_bucket', '_sum', '_count']
          : type === 'summary'
            ? ['', '_sum', '_count']
            : [''];
      for (const s of suffixes) exported.add(`${name}${s}`);
      const m = metrics.registry.getSingleMetric(name!) as unknown as { labelNames?: string[] } | undefined;
      for (const l of m?.labelNames ?? []) labels.add(l);
    }
    for (const [, labelSet] of exposition.matchAll(/^\w+\{([^}]*)\}/gm)) {
      for (const [, l] of labelSet!.matchAll(/(\w+)="/g)) labels.add(l!);
    }
    expect(labels).toContain('service');
    expect(exported).toContain('graphql_operation_duration_seconds_bucket');

    const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, ...t })));
    expect(exprs.length).toBeGreaterThanOrEqual(10);
    const used = { metrics: new Set<string>(), labels: new Set<string>() };
    for (const { expr, legendFormat } of exprs) {
      let rest = expr.replace(/"[^"]*"/g, '""');
      for (const [, l] of rest.matchAll(/(\w+)\s*(?:=~|!~|!=|=)\s*""/g)) used.labels.add(l!);
      rest = rest.replace(/\{[^}]*\}/g, ' ').replace(/\[[^\]]*\]/g, ' ');
      for (const [, list] of rest.matchAll(
        /\b(?:by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g,
      )) {
        for (const l of list!.split(',')) used.labels.add(l.trim());
      }
      rest = rest.replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
      for (const [, name] of rest.matchAll(/(?<![\w.$])([a-zA-Z_:][\w:]*)\b(?!\s*\()/g)) {
        if (!['and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan'].includes(name!)) used.metrics.add(name!);
      }
      for (const [, l] of (legendFormat ?? '').matchAll(/\{\{\s*(\w+)\s*\}\}/g)) used.labels.add(l!);
    }
    for (const v of dashboard.templating.list) {
      const [, metric, label] = /^label_values\((\w+),\s*(\w+)\)$/.exec(v.query.query) ?? [];
      used.metrics.add(metric!);
      used.labels.add(label!);
    }
    expect([...used.metrics].filter((m) => !exported.has(m))).toEqual([]);
    expect([...used.labels].filter((l) => !labels.has(l))).toEqual([]);
    for (const required of ['graphql_operation_duration_seconds_bucket', 'graphql_errors_total']) {
      expect(used.metrics).toContain(required);
    }
    expect([...used.metrics].some((m) => m.startsWith('nodejs_'))).toBe(true);
    expect([...used.metrics].some((m) => m.startsWith('process_'))).toBe(true);
    for (const p of dashboard.panels.filter((p) => p.type !== 'row'))
      expect(p.datasource?.uid, p.title).toBe('prometheus');

    if (!which('promtool')) return;
    // promtool parses each expression as a recording rule: a syntax error in any panel fails here.
    const dir = mkdtempSync(join(tmpdir(), 'tiketi-promql-'));
    try {
      const rules = exprs.map((e, i) => ({
        record: `dashboard:query_${i}`,
        expr: e.expr.replaceAll('$__rate_interval', '1m').replaceAll('$service', '.*'),
      }));
      writeFileSync(join(dir, 'rules.yml'), JSON.stringify({ groups: [{ name: 'dashboard', rules }] }));
      const out = spawnSync('promtool', ['check', 'rules', join(dir, 'rules.yml')], { encoding: 'utf8' });
      expect(out.status, out.stdout + out.stderr).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
