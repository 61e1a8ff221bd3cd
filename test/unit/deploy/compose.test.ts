/**
 * docker-compose.yml, Dockerfile and the deploy/ scripts, checked without a Docker engine: the
 * compose file is parsed, cross-checked against the app's config and sources, and the namespace /
 * search-attribute job script is run with a stub `temporal` CLI on PATH.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { DEFAULTS, LIFECYCLE_BOUNDS } from '../../../libs/config/config.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const read = (rel: string): string => readFileSync(path.join(ROOT, rel), 'utf8');

type EnvValue = string | number | boolean | null;
interface Service {
  image?: string;
  build?: unknown;
  restart?: string;
  command?: string | string[];
  environment?: Record<string, EnvValue> | string[];
  ports?: Array<string | number | { target: number; published?: string | number; host_ip?: string }>;
  volumes?: Array<string | { source?: string; target: string }>;
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  mem_limit?: string | number;
}

const compose = YAML.parse(read('docker-compose.yml')) as { services: Record<string, Service> };
const services = compose.services;

function service(name: string): Service {
  const s = services[name];
  if (!s) throw new Error(`docker-compose.yml has no service "${name}"`);
  return s;
}

/** Compose interpolation with nothing set in the environment: defaults apply, required vars get a placeholder. */
function interpolate(value: string): string {
  return value
    .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?\}/g, (_m, name: string, _colon, op?: string, arg?: string) =>
      op === '-' ? (arg ?? '') : op === '?' ? `required-${name}` : '',
    )
    .replace(/\$\$/g, '$');
}

function env(name: string): Record<string, string> {
  const raw = service(name).environment ?? {};
  const entries: Array<[string, string]> = Array.isArray(raw)
    ? raw.map((kv) => {
        const i = kv.indexOf('=');
        return i < 0 ? [kv, ''] : [kv.slice(0, i), kv.slice(i + 1)];
      })
    : Object.entries(raw).map(([k, v]) => [k, v == null ? '' : String(v)]);
  return Object.fromEntries(entries.map(([k, v]) => [k, interpolate(v)]));
}

interface Port {
  hostIp: string | undefined;
  published: number;
  target: number;
}
function ports(name: string): Port[] {
  return (service(name).ports ?? []).map((p) => {
    if (typeof p === 'object') {
      return { hostIp: p.host_ip, published: Number(p.published ?? p.target), target: Number(p.target) };
    }
    const parts = interpolate(String(p))
      .replace(/\/(tcp|udp)$/, '')
      .split(':');
    const target = Number(parts.at(-1));
    return { hostIp: parts.length > 2 ? parts[0] : undefined, published: Number(parts.at(-2) ?? target), target };
  });
}

/** Bind mounts and named volumes as { source, target }; sources of bind mounts are repo-relative. */
function mounts(name: string): Array<{ source: string; target: string }> {
  return (service(name).volumes ?? []).map((v) => {
    if (typeof v === 'object') return { source: v.source ?? '', target: v.target };
    const [source = '', target = ''] = v.split(':');
    return { source: source.replace(/^\.\//, ''), target };
  });
}

function commandOf(name: string): string {
  const c = service(name).command ?? '';
  return Array.isArray(c) ? c.join(' ') : c;
}

function dependsOn(name: string): Array<{ on: string; condition: string }> {
  const d = service(name).depends_on ?? [];
  return Array.isArray(d)
    ? d.map((on) => ({ on, condition: 'service_started' }))
    : Object.entries(d).map(([on, v]) => ({ on, condition: v.condition ?? 'service_started' }));
}

const searchAttributes = JSON.parse(read('libs/temporal/search-attributes.json')) as Record<string, string>;
const portOf = (hostPort: string): number => Number(hostPort.split(':').at(-1));

describe('docker-compose.yml', () => {
  it('defines the whole topology: postgresql, the schema job, the server, the namespace job, the UI, api and worker', () => {
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining([
        'postgresql',
        'temporal-admin-tools',
        'temporal',
        'temporal-create-namespace',
        'temporal-ui',
        'api',
        'worker',
      ]),
    );
  });

  it('uses no deprecated temporalio/auto-setup image; server and admin-tools are the same 1.29 release, UI is 2.42', () => {
    const images = Object.values(services).map((s) => s.image ?? '');
    expect(images.filter((i) => i.includes('auto-setup'))).toEqual([]);
    const tag = (name: string): string => (service(name).image ?? '').split(':')[1] ?? '';
    const serverVersion = tag('temporal');
    expect(service('temporal').image).toMatch(/^temporalio\/server:1\.29\.\d+$/);
    for (const job of ['temporal-admin-tools', 'temporal-create-namespace']) {
      expect(service(job).image).toMatch(/^temporalio\/admin-tools:/);
      expect(tag(job).split('-')[0]).toBe(serverVersion);
    }
    expect(service('temporal-ui').image).toMatch(/^temporalio\/ui:2\.42\.\d+$/);
    expect(service('postgresql').image).toMatch(/^postgres:16(\.|$|-)/);
  });

  it(
    'gives api and worker only environment variables the app reads (config DEFAULTS, DATABASE_URL, PUBLIC_URL, JWT_SECRET, ' +
      'SIGNING_KEY, NODE_ENV, NODE_OPTIONS, libs/notify/config.ts)',
    () => {
      // The delivery settings are read by name in libs/notify/config.ts.
      const notify = [...read('libs/notify/config.ts').matchAll(/'([A-Z][A-Z0-9]*_[A-Z0-9_]+)'|env\.([A-Z][A-Z0-9_]+)/g)].map(
        (m) => m[1] ?? m[2] ?? '',
      );
      expect(notify).toEqual(expect.arrayContaining(['SMTP_HOST', 'SMTP_PASSWORD', 'WECOM_WEBHOOK_URL']));
      const known = new Set([
        ...Object.keys(DEFAULTS),
        'DATABASE_URL',
        'PUBLIC_URL',
        'JWT_SECRET',
        'SIGNING_KEY',
        'SIGNING_RETIRED_PUBLIC_KEYS',
        'NODE_ENV',
        'NODE_OPTIONS',
        ...notify,
      ]);
      for (const name of ['api', 'worker']) {
        const keys = Object.keys(env(name));
        expect({ service: name, unknown: keys.filter((k) => !known.has(k)) }).toEqual({ service: name, unknown: [] });
        expect(keys).toContain('DATABASE_URL');
      }
    },
  );

  it('requires JWT_SECRET from .env for the api (the app has no built-in key) and documents it in deploy/.env.example', () => {
    expect(env('api').NODE_ENV).toBe('production');
    expect(env('api').JWT_SECRET).toBe('required-JWT_SECRET');
    // The worker validates the same config, so it needs the key too.
    expect(env('worker').JWT_SECRET).toBe('required-JWT_SECRET');
    expect(read('deploy/.env.example')).toMatch(/^JWT_SECRET=$/m);
  });

  it('requires SIGNING_KEY from .env for api and worker (the app has no built-in key) and documents it', () => {
    expect(env('api').SIGNING_KEY).toBe('required-SIGNING_KEY');
    expect(env('worker').SIGNING_KEY).toBe('required-SIGNING_KEY');
    expect(read('deploy/.env.example')).toMatch(/^SIGNING_KEY=$/m);
  });

  it('makes the api listen on every interface inside its container (the app alone binds loopback: HOST defaults to 127.0.0.1)', () => {
    expect(DEFAULTS.HOST).toBe('127.0.0.1');
    expect(env('api').HOST).toBe('0.0.0.0');
    expect(ports('api').map((p) => p.target)).toContain(Number(env('api').PORT));
  });

  it('passes CORS_ORIGINS to the api, off unless .env sets it, and documents it', () => {
    expect(env('api').CORS_ORIGINS).toBe(DEFAULTS.CORS_ORIGINS);
    expect(read('deploy/.env.example')).toMatch(/^CORS_ORIGINS=$/m);
  });

  it('passes every LIFECYCLE_* setting to the api (which records them in each lifecycle) with the config default, and documents it', () => {
    const api = env('api');
    const example = read('deploy/.env.example');
    for (const name of Object.keys(LIFECYCLE_BOUNDS) as Array<keyof typeof LIFECYCLE_BOUNDS>) {
      expect({ name, value: api[name] }).toEqual({ name, value: DEFAULTS[name] });
      expect(example).toMatch(new RegExp(`^${name}=${DEFAULTS[name]}$`, 'm'));
    }
  });

  it('points api and worker at the temporal service gRPC port, in the namespace and task queue the setup job uses', () => {
    const temporalTargets = ports('temporal').map((p) => p.target);
    const job = env('temporal-create-namespace');
    for (const name of ['api', 'worker']) {
      const e = env(name);
      const [host, port] = (e.TEMPORAL_ADDRESS ?? '').split(':');
      expect(host).toBe('temporal');
      expect(temporalTargets).toContain(Number(port));
      expect(e.TEMPORAL_NAMESPACE).toBe(job.TEMPORAL_NAMESPACE);
    }
    expect(job.TEMPORAL_ADDRESS).toBe(env('api').TEMPORAL_ADDRESS);
    expect(env('worker').TEMPORAL_TASK_QUEUE).toBe(env('api').TEMPORAL_TASK_QUEUE);
  });

  it('points DATABASE_URL at the postgresql service and a database (and role) its init script creates, apart from Temporal’s', () => {
    const init = mounts('postgresql').find((m) => m.target.startsWith('/docker-entrypoint-initdb.d/'));
    expect(init).toBeDefined();
    const script = read(init!.source);
    const databases = [...script.matchAll(/CREATE DATABASE (\w+)/g)].map((m) => m[1]);
    const roles = [...script.matchAll(/CREATE ROLE (\w+)/g)].map((m) => m[1]);
    expect(databases).toEqual(expect.arrayContaining(['temporal', 'temporal_visibility', 'activity_summary']));
    expect(databases).toContain(env('temporal').DBNAME);
    expect(databases).toContain(env('temporal').VISIBILITY_DBNAME);

    for (const name of ['api', 'worker']) {
      const url = new URL(env(name).DATABASE_URL ?? '');
      expect(url.protocol).toBe('postgres:');
      expect(url.hostname).toBe('postgresql');
      expect(url.port).toBe('5432');
      const database = url.pathname.slice(1);
      expect(databases).toContain(database);
      expect([env('temporal').DBNAME, env('temporal').VISIBILITY_DBNAME]).not.toContain(database);
      expect(roles).toContain(url.username);
    }
  });

  it('publishes api 3000, temporal 7233 and UI 8233, the ports of the config defaults PORT, TEMPORAL_ADDRESS and TEMPORAL_UI_URL', () => {
    const apiPort = Number(DEFAULTS.PORT);
    expect(apiPort).toBe(3000);
    expect(ports('api')).toContainEqual(expect.objectContaining({ published: apiPort, target: apiPort }));
    expect(Number(env('api').PORT ?? DEFAULTS.PORT)).toBe(apiPort);
    const apiHealth = [service('api').healthcheck?.test ?? []].flat().join(' ');
    expect(apiHealth).toContain(`:${apiPort}/health`);

    const temporalPort = portOf(DEFAULTS.TEMPORAL_ADDRESS);
    expect(temporalPort).toBe(7233);
    expect(ports('temporal')).toContainEqual(expect.objectContaining({ published: temporalPort, target: 7233 }));

    const uiPort = Number(new URL(DEFAULTS.TEMPORAL_UI_URL).port);
    expect(uiPort).toBe(8233);
    // temporalio/ui listens on 8080 inside the container.
    expect(ports('temporal-ui')).toContainEqual(expect.objectContaining({ published: uiPort, target: 8080 }));
    expect(new URL(env('api').TEMPORAL_UI_URL ?? '').port).toBe(String(uiPort));
  });

  it('runs the Temporal UI read-only, with OIDC sign-in configurable from .env (off by default) and documented', () => {
    const ui = env('temporal-ui');
    expect(ui.TEMPORAL_DISABLE_WRITE_ACTIONS).toBe('true');
    expect(ui).toMatchObject({ TEMPORAL_AUTH_ENABLED: 'false', TEMPORAL_AUTH_TYPE: 'oidc', TEMPORAL_AUTH_SCOPES: 'openid,profile,email' });
    const raw = service('temporal-ui').environment as Record<string, string>;
    const example = read('deploy/.env.example');
    for (const key of ['ENABLED', 'PROVIDER_URL', 'ISSUER_URL', 'CLIENT_ID', 'CLIENT_SECRET', 'CALLBACK_URL', 'SCOPES']) {
      // Each TEMPORAL_AUTH_* comes from the TEMPORAL_UI_AUTH_* of .env, which deploy/.env.example lists.
      expect(raw[`TEMPORAL_AUTH_${key}`]).toMatch(new RegExp(`^\\$\\{TEMPORAL_UI_AUTH_${key}:-`));
      expect(example).toMatch(new RegExp(`^TEMPORAL_UI_AUTH_${key}=`, 'm'));
    }
    expect(read('README.md')).toMatch(/TEMPORAL_DISABLE_WRITE_ACTIONS/);
  });

  it('publishes the unauthenticated Temporal gRPC and UI ports on loopback by default', () => {
    for (const name of ['temporal', 'temporal-ui']) {
      for (const p of ports(name)) expect({ name, hostIp: p.hostIp }).toEqual({ name, hostIp: '127.0.0.1' });
    }
  });

  it('keeps PostgreSQL data and attachments in named volumes', () => {
    const declared = Object.keys((compose as { volumes?: Record<string, unknown> }).volumes ?? {});
    const pg = mounts('postgresql').find((m) => m.target === '/var/lib/postgresql/data');
    expect(declared).toContain(pg?.source);
    for (const name of ['api', 'worker']) {
      const att = mounts(name).find((m) => m.target.endsWith('/attachments'));
      expect(declared).toContain(att?.source);
    }
  });

  it(
    'names only existing services in depends_on, waits for health only on health-checked services ' +
      'and for completion only on one-shot jobs',
    () => {
      for (const name of Object.keys(services)) {
        for (const { on, condition } of dependsOn(name)) {
          expect({ name, on, exists: on in services }).toEqual({ name, on, exists: true });
          const target = service(on);
          if (condition === 'service_healthy') {
            expect({ name, on, healthcheck: Boolean(target.healthcheck?.test) && !target.healthcheck?.disable }).toEqual({
              name,
              on,
              healthcheck: true,
            });
          }
          if (condition === 'service_completed_successfully') {
            // A one-shot job must not be restarted after it exits 0.
            expect({ name, on, restart: target.restart ?? 'no' }).toEqual({
              name,
              on,
              restart: expect.stringMatching(/^(no|on-failure(:\d+)?)$/),
            });
          }
        }
      }
      const conditions = (name: string): Record<string, string> =>
        Object.fromEntries(dependsOn(name).map(({ on, condition }) => [on, condition]));
      expect(conditions('temporal')).toMatchObject({ 'temporal-admin-tools': 'service_completed_successfully' });
      expect(conditions('api')).toMatchObject({
        postgresql: 'service_healthy',
        'temporal-create-namespace': 'service_completed_successfully',
      });
      // The api runs the migrations; the worker starts only once they are applied.
      expect(conditions('worker')).toMatchObject({ api: 'service_healthy' });
    },
  );

  it('runs migrations before the api, and api/worker commands run files the TypeScript build emits from existing sources', () => {
    const tsconfig = JSON.parse(read('tsconfig.json')) as { compilerOptions: { outDir?: string; rootDir?: string } };
    expect(tsconfig.compilerOptions).toMatchObject({ outDir: 'dist', rootDir: '.' }); // dist/X.js <- X.ts

    const api = commandOf('api');
    const migrate = api.indexOf('node dist/libs/db/migrate.js run');
    const main = api.indexOf('node dist/apps/api/src/main.js');
    expect(migrate).toBeGreaterThanOrEqual(0);
    expect(main).toBeGreaterThan(migrate);
    expect(api).toMatch(/migrate\.js run &&/); // a failed migration stops the api from starting
    expect(commandOf('worker')).toContain('dist/apps/worker/src/main.js');

    const distFiles = [api, commandOf('worker')].flatMap((c) => [...c.matchAll(/\bdist\/[\w./-]+\.js\b/g)].map((m) => m[0]));
    expect(distFiles.length).toBeGreaterThanOrEqual(3);
    const missing = distFiles
      .map((f) => f.replace(/^dist\//, '').replace(/\.js$/, '.ts'))
      .filter((src) => !existsSync(path.join(ROOT, src)));
    expect(missing).toEqual([]);
  });

  it('sets an explicit worker heap (--max-old-space-size) above ~1 MB per cached workflow, within the container memory limit', () => {
    const e = env('worker');
    const heapMb = Number(/--max-old-space-size=(\d+)/.exec(e.NODE_OPTIONS ?? '')?.[1]);
    expect(heapMb).toBeGreaterThan(0);
    const cached = Number(e.WORKER_MAX_CACHED_WORKFLOWS ?? DEFAULTS.WORKER_MAX_CACHED_WORKFLOWS);
    expect(heapMb).toBeGreaterThan(cached);
    const limit = service('worker').mem_limit;
    if (limit !== undefined) {
      const m = /^(\d+)([kmg])?b?$/i.exec(String(limit));
      const mb = Number(m?.[1]) * ({ k: 1 / 1024, m: 1, g: 1024 }[(m?.[2] ?? 'm').toLowerCase() as 'k' | 'm' | 'g'] ?? 1 / 1024 ** 2);
      expect(mb).toBeGreaterThan(heapMb);
    }
  });

  it('builds api and worker from the Dockerfile as one image', () => {
    expect(service('api').build).toBeDefined();
    expect(service('worker').image).toBe(service('api').image);
  });

  it('restarts every long-running service and health-checks it, as `npm start` supervises its processes', () => {
    for (const name of ['postgresql', 'temporal', 'api', 'worker']) {
      const s = service(name);
      expect({ name, restart: s.restart }).toEqual({ name, restart: 'unless-stopped' });
      expect({ name, healthcheck: Boolean(s.healthcheck?.test) && !s.healthcheck?.disable }).toEqual({ name, healthcheck: true });
    }
    // The worker has no HTTP port: its check reads the file it touches while polling.
    expect(env('worker').WORKER_LIVENESS_FILE).toBe('/tmp/worker-alive');
    expect([service('worker').healthcheck?.test ?? []].flat().join(' ')).toContain('/tmp/worker-alive');
  });
});

describe('namespace and search-attribute job (deploy/temporal/setup-namespace.sh)', () => {
  const job = 'temporal-create-namespace';
  const scriptMount = mounts(job).find((m) => m.source.endsWith('setup-namespace.sh'));
  const script = path.join(ROOT, scriptMount?.source ?? 'deploy/temporal/setup-namespace.sh');
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'compose-test-'));
    // Stub CLI: logs each call, answers like `temporal` would (behaviour picked by env vars).
    writeFileSync(
      path.join(dir, 'temporal'),
      `#!/bin/sh
echo "$*" >> "$STUB_LOG"
case "$*" in
  "operator cluster health"*) exit 0 ;;
  "operator namespace describe"*) [ "$STUB_NAMESPACE_EXISTS" = 1 ] && exit 0; echo "Namespace not found" >&2; exit 1 ;;
  "operator namespace create"*) exit 0 ;;
  "operator search-attribute list"*) cat "$STUB_LIST"; exit 0 ;;
  "operator search-attribute create"*)
    case "$STUB_CREATE" in
      ok) exit 0 ;;
      exists) echo "Error: unable to add search attributes: Search attribute X already exists." >&2; exit 1 ;;
      conflict) echo "Error: search attribute X already exists and has different type Bool" >&2; exit 1 ;;
    esac ;;
esac
echo "stub: unexpected call: $*" >&2
exit 2
`,
    );
    chmodSync(path.join(dir, 'temporal'), 0o755);
    const custom = Object.fromEntries(Object.entries(searchAttributes).map(([n, t]) => [n, `INDEXED_VALUE_TYPE_${t.toUpperCase()}`]));
    writeFileSync(path.join(dir, 'list.json'), JSON.stringify({ customAttributes: custom }, null, 2));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function run(opts: { namespaceExists: boolean; create: 'ok' | 'exists' | 'conflict' }): {
    status: number | null;
    calls: string[];
    stderr: string;
  } {
    const log = path.join(dir, 'calls.log');
    const res = spawnSync('sh', [script], {
      encoding: 'utf8',
      env: {
        PATH: `${dir}${path.delimiter}${process.env.PATH ?? ''}`,
        ...env(job),
        // The job reads the file mounted from the repo; point it at the same file.
        SEARCH_ATTRIBUTES_FILE: path.join(ROOT, 'libs/temporal/search-attributes.json'),
        STUB_LOG: log,
        STUB_LIST: path.join(dir, 'list.json'),
        STUB_NAMESPACE_EXISTS: opts.namespaceExists ? '1' : '0',
        STUB_CREATE: opts.create,
      },
    });
    const calls = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
    return { status: res.status, calls, stderr: res.stderr };
  }

  const flag = (call: string, name: string): string | undefined => new RegExp(`--${name} (\\S+)`).exec(call)?.[1];

  it('gets libs/temporal/search-attributes.json mounted at the path the script reads', () => {
    expect(scriptMount).toBeDefined();
    expect(commandOf(job)).toContain(scriptMount!.target);
    const file = mounts(job).find((m) => m.source === 'libs/temporal/search-attributes.json');
    expect(file?.target).toBe(env(job).SEARCH_ATTRIBUTES_FILE);
  });

  it('creates the namespace, then registers every search attribute of the JSON file with its type in that namespace', () => {
    const { status, calls, stderr } = run({ namespaceExists: false, create: 'ok' });
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    const namespace = env(job).TEMPORAL_NAMESPACE;
    expect(calls.filter((c) => c.startsWith('operator namespace create')).map((c) => flag(c, 'namespace'))).toEqual([namespace]);
    const creates = calls.filter((c) => c.startsWith('operator search-attribute create'));
    const registered = Object.fromEntries(creates.map((c) => [flag(c, 'name'), flag(c, 'type')]));
    expect(registered).toEqual(searchAttributes);
    expect(new Set(creates.map((c) => flag(c, 'namespace')))).toEqual(new Set([namespace]));
    expect(new Set(calls.map((c) => flag(c, 'address')))).toEqual(new Set([env(job).TEMPORAL_ADDRESS]));
  });

  it('succeeds when re-run: an existing namespace is kept and an attribute that already exists is not an error', () => {
    const { status, calls, stderr } = run({ namespaceExists: true, create: 'exists' });
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    expect(calls.filter((c) => c.startsWith('operator namespace create'))).toEqual([]);
    expect(calls.filter((c) => c.startsWith('operator search-attribute create'))).toHaveLength(Object.keys(searchAttributes).length);
  });

  it('fails when an attribute already exists with a different type', () => {
    const { status, stderr } = run({ namespaceExists: true, create: 'conflict' });
    expect(status).not.toBe(0);
    expect(stderr).toMatch(/different type/);
  });
});

describe('Dockerfile and .dockerignore', () => {
  const dockerfile = read('Dockerfile');

  it('builds on Node 20 bookworm-slim with npm 11 (for allowScripts) before npm ci, then builds and prunes dev dependencies', () => {
    expect(dockerfile).toMatch(/node:20[\d.]*-bookworm-slim/);
    const npm11 = dockerfile.indexOf('npm install -g npm@11');
    expect(npm11).toBeGreaterThanOrEqual(0);
    expect(dockerfile.indexOf('npm ci')).toBeGreaterThan(npm11);
    expect(dockerfile).toMatch(/npm run build/);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
  });

  it('runs as the non-root node user with NODE_ENV=production, exposes the default PORT and has a health check', () => {
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^ENV NODE_ENV=production$/m);
    expect(/^EXPOSE (\d+)$/m.exec(runtime)?.[1]).toBe(DEFAULTS.PORT);
    expect(runtime).toMatch(/^HEALTHCHECK .*\/health/ms);
    expect(runtime).toMatch(/COPY --from=build \/app\/package\.json/); // "type": "module" for dist/*.js
  });

  it('keeps node_modules, dist, .tools, .data and .git out of the build context', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', '.tools', '.data', '.git']));
  });
});
