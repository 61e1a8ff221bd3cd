/**
 * Fuzzing in CI: schemathesis (provisioned by the jest global setup into .tools/schemathesis) runs
 * every operation of /docs-json as each demo role — examples, coverage, fuzzing and stateful
 * phases — with the checks `not_a_server_error` (no 5xx at all, not even the declared 503: the
 * fuzz stack's PostgreSQL and Temporal are up), `status_code_conformance` (every status is
 * declared) and `response_schema_conformance` (every declared body matches its schema). Goal: no
 * failure for any role.
 *
 * The fuzzer deletes and changes what it finds (calendar closures, users, passwords, lifecycle
 * messages), so this suite has a database of its own (CREATE DATABASE + migrations on the run's
 * PostgreSQL) and a Temporal namespace of its own, both dropped at the end; other suites never
 * see its rows, workflows or calendar signals. Path ids are drawn from a few real records (an
 * activity with a submitted summary and an attachment, the users, a calendar closure, each user's
 * inbox message) as well as at random, so handlers run past their 404s.
 *
 * FUZZ_MAX_EXAMPLES (default 6 per operation and role), FUZZ_SEED, FUZZ_ROLES=staff,admin and
 * FUZZ_PARALLEL (default 2 processes) tune and reproduce a run. After a failure, each role's
 * output, JUnit report and configuration stay in a fuzz-* folder under the system temp folder.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import pg from 'pg';
import { runMigrations } from '../../libs/db/migrate.js';
import { buildMemberDigest } from '../../libs/publications/index.js';
import { exampleSummary } from '../../libs/summary/index.js';
import { registerExampleActivity } from './support/fixtures.js';
import { DEMO_USERS } from '../../libs/db/seed-demo.js';
import searchAttributes from '../../libs/temporal/search-attributes.json' with { type: 'json' };
import { eventually, http, startStack, type Stack } from './support/stack.js';

/** Every demo role (libs/db/seed-demo.ts); the admin last, since its run changes other users. */
const ROLES = ['staff', 'dept_head', 'archivist', 'vp', 'sg', 'management', 'supervisor', 'external', 'admin'];
const SELECTED = process.env.FUZZ_ROLES ? process.env.FUZZ_ROLES.split(',') : ROLES;
const MAX_EXAMPLES = Number(process.env.FUZZ_MAX_EXAMPLES ?? 6);
const SEED = Number(process.env.FUZZ_SEED ?? 20261120);
const CHECKS = 'not_a_server_error,status_code_conformance,response_schema_conformance';

let stack: Stack;
let database: { url: string; drop: () => Promise<void> };
let namespace: { name: string; drop: () => Promise<void> };
let dir: string;
let ids: Record<string, string[]>;
let plan: Map<string, Plan>;
const figures: string[] = [];
let failed = false;

/** A database of its own on the run's PostgreSQL: created, migrated, dropped (with its connections) at the end. */
async function createDatabase(baseUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `fuzz_${process.pid}_${Date.now()}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: baseUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * A Temporal namespace of its own, with the lifecycle's search attributes: the admin's calendar
 * changes signal every running lifecycle of the namespace, and other suites' calendar changes
 * would signal the fuzzer's. Deleted at the end (after its workflows are terminated).
 */
async function createNamespace(address: string): Promise<{ name: string; drop: () => Promise<void> }> {
  const name = `fuzz-${process.pid}-${Date.now()}`;
  const connection = await Connection.connect({ address });
  // protobufjs takes a plain number where the type says Long.
  type Registration = Parameters<Connection['workflowService']['registerNamespace']>[0];
  const oneDay = { seconds: 24 * 3600 } as unknown as Registration['workflowExecutionRetentionPeriod'];
  await connection.workflowService.registerNamespace({ namespace: name, workflowExecutionRetentionPeriod: oneDay });
  // temporal.api.enums.v1.IndexedValueType
  const typeIds: Record<string, number> = { Keyword: 2, Bool: 5, Datetime: 6 };
  await connection.operatorService.addSearchAttributes({
    namespace: name,
    searchAttributes: Object.fromEntries(Object.entries(searchAttributes).map(([k, t]) => [k, typeIds[t]!])),
  });
  await eventually(
    () =>
      connection.workflowService
        .listWorkflowExecutions({ namespace: name, query: 'Stage = "DRAFTING"' })
        .then(() => true)
        .catch(() => false),
    (ready) => ready,
  );
  return {
    name,
    drop: async () => {
      await connection.operatorService.deleteNamespace({ namespace: name }).catch(() => undefined);
      await connection.close();
    },
  };
}

/** Real ids for the fuzzer to draw path parameters from, besides random ones. */
async function seed(stack: Stack): Promise<Record<string, string[]>> {
  const ok = (what: string, res: { status: number; body: unknown }, status: number) => {
    if (res.status !== status) throw new Error(`seeding ${what}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Record<string, any>;
  };
  const activity = await registerExampleActivity(stack);
  const submitted = ok(
    'a summary',
    await stack.as('staff')('POST', `/api/activities/${activity}/summaries`, { document: exampleSummary() }),
    201,
  );
  const closure = ok(
    'a closure',
    await stack.as('admin')('POST', '/api/calendar/overrides', { kind: 'closure', dateFrom: '2098-12-30', nameZh: '模糊测试闭馆' }),
    201,
  );
  const form = new FormData();
  form.set('kind', 'data_table');
  form.set('file', new Blob(['项目,线上,线下\n参与人数,180,260\n'], { type: 'text/csv' }), 'participants.csv');
  const upload = await fetch(`${stack.baseUrl}/api/activities/${activity}/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await stack.login('staff')}` },
    body: form,
  });
  const attachment = ok('an attachment', { status: upload.status, body: await upload.json() }, 201);
  // One inbox message for every user (as a reminder would leave it), to mark read.
  const [{ id: escalation }] = (await stack.dataSource.query(
    `INSERT INTO escalations (id, activity_id, workflow_id, lead_department, deadline_key, occurrence, kind, recipients,
                              due_at, fired_at, dedupe_key)
     SELECT gen_random_uuid(), id, workflow_id, lead_department, 'draft', 99, 'reminder', '["staff@publicity"]', now(), now(), 'fuzz'
       FROM activities WHERE id = $1 RETURNING id`,
    [activity],
  )) as [{ id: string }];
  const notifications = (await stack.dataSource.query(
    `WITH created AS (
       INSERT INTO notifications (id, user_id, activity_id, escalation_id, deadline_key, kind, title, body, link, dedupe_key)
       SELECT gen_random_uuid(), u.id, $1, $2, 'draft', 'reminder', '模糊测试提醒', '草稿即将到期', '/', 'fuzz-' || u.id FROM users u
       RETURNING id, user_id)
     SELECT c.id, u.username FROM created c JOIN users u ON u.id = c.user_id`,
    [activity, escalation],
  )) as Array<{ id: string; username: string }>;
  // Two tracked suggestions of publicity (R-5.5), as the worker takes them from a final version.
  const suggestions = (await stack.dataSource.query(
    `INSERT INTO suggestions (id, activity_id, version_id, position, measure, responsible_department, cooperating_departments,
                              due_date, finalized_at)
     SELECT gen_random_uuid(), $1, $2, p, '模糊测试建议', 'publicity', '{training}', '2027-03-31', now() FROM generate_series(0, 1) p
     RETURNING id`,
    [activity, submitted.version.id],
  )) as Array<{ id: string }>;
  const users = ok('the users', await stack.as('admin')('GET', '/api/users?pageSize=100'), 200);
  // A draft publication (R-14.4) as the API stores it: the activity has no final version to build one from.
  const [{ id: publication }] = (await stack.dataSource.query(
    `INSERT INTO publications (id, activity_id, kind, version_id, content, created_by)
     SELECT gen_random_uuid(), $1, 'member_digest', $2, $3::jsonb, id FROM users WHERE username = 'admin' RETURNING id`,
    [
      activity,
      submitted.version.id,
      JSON.stringify(
        buildMemberDigest({
          document: exampleSummary(),
          activity: { name: '2026青年导演论坛', startAt: '2026-11-20T09:00:00+08:00', endAt: '2026-11-20T17:30:00+08:00' },
        }),
      ),
    ],
  )) as [{ id: string }];
  return {
    activity: [activity],
    version: [submitted.version.id as string],
    attachment: [attachment.id as string],
    override: [closure.id as string],
    suggestion: suggestions.map((r) => r.id),
    publication: [publication],
    user: (users.items as Array<{ id: string }>).map((u) => u.id),
    // Each user's own inbox message (config() picks it).
    ...Object.fromEntries(notifications.map((n) => [`notification_${n.username}`, [n.id]])),
  };
}

/**
 * schemathesis.toml for one user: dictionaries of real ids bound to the path parameters that take
 * them, and where this user's effort goes:
 *  - operations their role may not call (`x-roles`) answer 403 before any validation: one example
 *    each checks that, and no coverage phase;
 *  - the coverage phase (every boundary and negative case the schema defines) runs once per
 *    operation, for the first user allowed to call it: validation is the same for every role that
 *    gets past the guard. Examples, fuzzing and stateful testing run for everyone.
 */
function config(username: string, ids: Record<string, string[]>, { forbidden, coveredElsewhere }: Plan): string {
  const list = (values: string[]) => `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;
  const draw = (dictionary: string, probability = 0.7) => `{ dictionary = "${dictionary}", probability = ${probability} }`;
  const operations = (operationIds: string[], ...settings: string[]) => {
    if (!operationIds.length) return [];
    for (const id of operationIds) if (!/^\w+$/.test(id)) throw new Error(`unexpected operation id ${id}`);
    return ['[[operations]]', `include-operation-id-regex = "^(${operationIds.join('|')})$"`, ...settings, ''];
  };
  return [
    ...Object.entries(ids)
      .filter(([name]) => !name.startsWith('notification_'))
      .map(([name, values]) => `[dictionaries.${name}]\nvalues = ${list(values)}\n`),
    `[dictionaries.notification]\nvalues = ${list(ids[`notification_${username}`] ?? [])}\n`,
    '[[operations]]',
    'include-path-regex = "^/api/activities/\\\\{id\\\\}"',
    `parameters = { "path.id" = ${draw('activity')}, "path.versionId" = ${draw('version')}, "path.attachmentId" = ${draw('attachment')} }`,
    '',
    '[[operations]]',
    'include-path-regex = "^/api/users/"',
    `parameters = { "path.userId" = ${draw('user')} }`,
    '',
    '[[operations]]',
    'include-path = "/api/calendar/overrides/{id}"',
    `parameters = { "path.id" = ${draw('override', 0.5)} }`,
    '',
    '[[operations]]',
    'include-path-regex = "^/api/suggestions/"',
    `parameters = { "path.id" = ${draw('suggestion')} }`,
    '',
    '[[operations]]',
    'include-path = "/api/notifications/{id}/read"',
    `parameters = { "path.id" = ${draw('notification')} }`,
    '',
    '[[operations]]',
    'include-path-regex = "^/api/publications/"',
    `parameters = { "path.publicationId" = ${draw('publication')} }`,
    '',
    '[[operations]]',
    'include-path-regex = "^/api/(escalations|notifications|suggestions|publications)$"',
    `parameters = { "query.activityId" = ${draw('activity', 0.5)} }`,
    '',
    ...operations(forbidden, 'generation.max-examples = 1', 'phases.coverage.enabled = false'),
    ...operations(coveredElsewhere, 'phases.coverage.enabled = false'),
  ].join('\n');
}

interface Plan {
  /** Operations the user's role may not call. */
  forbidden: string[];
  /** Operations whose coverage phase another user runs. */
  coveredElsewhere: string[];
}

/** Each user's plan, from the roles the document declares per operation (`x-roles`; none = public). */
function plans(doc: any, users: string[]): Map<string, Plan> {
  const roleOf = new Map(DEMO_USERS.map((u) => [u.username, u.role as string]));
  const out = new Map(users.map((u) => [u, { forbidden: [], coveredElsewhere: [] } as Plan]));
  for (const item of Object.values(doc.paths as Record<string, Record<string, any>>)) {
    for (const op of Object.values(item)) {
      const roles: string[] | undefined = op['x-roles'];
      const allowed = (u: string) => !roles || roles.includes(roleOf.get(u)!);
      const owner = users.find(allowed);
      for (const u of users) {
        if (!allowed(u)) out.get(u)!.forbidden.push(op.operationId as string);
        else if (u !== owner) out.get(u)!.coveredElsewhere.push(op.operationId as string);
      }
    }
  }
  return out;
}

function run(bin: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(bin, args, { cwd, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

/** Terminates the lifecycles this suite's registrations started: nothing of it stays running. */
async function terminateOwnWorkflows(stack: Stack): Promise<number> {
  const query = `TaskQueue = "${stack.config.temporal.taskQueue}" AND ExecutionStatus = "Running"`;
  let n = 0;
  for await (const wf of stack.client.workflow.list({ query })) {
    await stack.client.workflow
      .getHandle(wf.workflowId, wf.runId)
      .terminate('fuzz suite finished')
      .then(() => n++)
      .catch(() => undefined);
  }
  return n;
}

beforeAll(async () => {
  if (!process.env.SCHEMATHESIS_BIN) {
    throw new Error(`schemathesis could not be provisioned: ${process.env.SCHEMATHESIS_UNAVAILABLE ?? 'run through jest (global setup)'}`);
  }
  database = await createDatabase(process.env.DATABASE_URL!);
  await runMigrations(database.url);
  namespace = await createNamespace(process.env.TEMPORAL_ADDRESS!);
  stack = await startStack({ DATABASE_URL: database.url, TEMPORAL_NAMESPACE: namespace.name });
  dir = await mkdtemp(path.join(tmpdir(), 'fuzz-'));
  ids = await seed(stack);
  // Signed in before anyone fuzzes: runs change passwords (their own; the admin's, everyone's).
  for (const username of SELECTED) await stack.login(username);
  plan = plans((await http(stack.baseUrl, 'GET', '/docs-json')).body, SELECTED);
}, 120_000);

afterAll(async () => {
  if (figures.length) console.log(`schemathesis (max ${MAX_EXAMPLES} examples per operation, seed ${SEED}):\n${figures.join('\n')}`);
  if (stack) {
    await terminateOwnWorkflows(stack);
    await stack.stop();
  }
  await namespace?.drop();
  await database?.drop();
  // Reports are kept for a failed run only.
  if (dir && !failed) await rm(dir, { recursive: true, force: true });
}, 120_000);

interface RoleRun {
  code: number;
  output: string;
  cases: string;
  failures: number;
  seconds: number;
  warnings: string[];
}

/** One schemathesis process as `username`; its report files stay in `dir`. */
async function fuzzAs(username: string): Promise<RoleRun> {
  const token = await stack.login(username);
  const junit = path.join(dir, `${username}.xml`);
  const configFile = path.join(dir, `${username}.toml`);
  await writeFile(configFile, config(username, ids, plan.get(username)!));
  const started = Date.now();
  // prettier-ignore
  const { code, output } = await run(process.env.SCHEMATHESIS_BIN!, [
    '--config-file', configFile, '--no-color',
    'run', `${stack.baseUrl}/docs-json`,
    '-H', `Authorization: Bearer ${token}`,
    '--checks', CHECKS,
    // Changing one's password or signing out revokes the token the run goes on with (every later
    // case would be a 401): both are covered by test/e2e/security.test.ts instead.
    '--exclude-path-regex', '^/api/auth/(password|logout)$',
    '--max-examples', String(MAX_EXAMPLES),
    '--seed', String(SEED),
    // One thread: Python 3.11 before 3.11.8 can fail to parse in two threads at once ("AST
    // constructor recursion depth mismatch"); roles run in parallel processes instead.
    '--workers', '1',
    '--generation-database', 'none',
    '--output-truncate', 'false',
    '--report', 'junit', '--report-junit-path', junit,
  ], dir);
  await writeFile(path.join(dir, `${username}.txt`), output);
  const xml = await readFile(junit, 'utf8').catch(() => '');
  const section = (name: string, next: string) =>
    output.includes(`= ${name} =`) ? output.slice(output.indexOf(`= ${name} =`), output.indexOf(`= ${next} =`)) : '';
  return {
    code,
    output,
    cases: /(\d+) generated/.exec(output)?.[1] ?? '?',
    failures: (xml.match(/<failure\b/g) ?? []).length + (xml.match(/<error\b/g) ?? []).length,
    seconds: (Date.now() - started) / 1000,
    warnings: section('WARNINGS', 'SUMMARY')
      .split('\n')
      .filter((line) => /^[A-Z]/.test(line)),
  };
}

/**
 * Roles run FUZZ_PARALLEL (2) at a time, each in its own process, the next one starting when a
 * lane is free; the admin alone and last, because its run changes other users (roles, passwords,
 * deactivation).
 */
const runs = new Map<string, Promise<RoleRun>>();
function scheduled(username: string): Promise<RoleRun> {
  if (runs.size === 0) {
    const queue = SELECTED.filter((u) => u !== 'admin');
    const settle = new Map<string, (run: Promise<RoleRun>) => void>();
    for (const u of queue) runs.set(u, new Promise((resolve) => settle.set(u, resolve)));
    const lane = async (): Promise<void> => {
      for (let u = queue.shift(); u !== undefined; u = queue.shift()) {
        const run = fuzzAs(u);
        settle.get(u)!(run);
        await run.catch(() => undefined);
      }
    };
    const lanes = Promise.all(Array.from({ length: Number(process.env.FUZZ_PARALLEL ?? 2) }, lane));
    if (SELECTED.includes('admin'))
      runs.set(
        'admin',
        lanes.then(() => fuzzAs('admin')),
      );
  }
  return runs.get(username)!;
}

it.each(SELECTED)(
  'schemathesis as %s: no server error, every status and body as declared',
  async (username) => {
    const r = await scheduled(username);
    figures.push(
      `  ${username.padEnd(11)} ${r.cases} cases, ${r.failures} failures, ${r.seconds.toFixed(1)} s` +
        (r.warnings.length ? `; warnings: ${r.warnings.join(' / ')}` : ''),
    );
    if (r.code !== 0 || r.failures > 0) {
      failed = true;
      const from = r.output.indexOf('= FAILURES =');
      throw new Error(
        `schemathesis as ${username} exited ${r.code} with ${r.failures} failures (${path.join(dir, `${username}.txt`)}):\n` +
          r.output.slice(from >= 0 ? from : -20_000),
      );
    }
  },
  // A role may wait for a lane behind two others: its own run takes minutes as the API grows.
  900_000,
);
