/**
 * Annual scoring benchmark (`npm run bench`, issue 15 item 7): 100,000 summaries of one year —
 * activities with a projected lifecycle and their final versions, suggestions and score flags —
 * generated with generate_series in a database of their own on the bench's PostgreSQL, then the
 * scoring of that year (libs/reports/score-inputs.ts departmentScores) is timed.
 * Prints `scoring_100k_ms=<n>` (the median of 3 runs; goal < 2000) and the first run's figure.
 * A script that prints, never a timed test. BENCH_SCORING_SUMMARIES changes the count.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../libs/config/config.js';
import { createDataSource } from '../libs/db/data-source.js';
import type { LifecycleState } from '../libs/domain/lifecycle.js';
import { departmentScores } from '../libs/reports/score-inputs.js';
import { exampleSummary } from '../libs/summary/example.js';
import { printFigures } from './support/figures.js';

const N = Number(process.env.BENCH_SCORING_SUMMARIES ?? 100_000);
const YEAR = 2030;
const DEPARTMENTS = 20;
const COMPILERS = 200;

/** The parts of an archived lifecycle that the generator does not vary (reviews, stage history, archive copies). */
function lifecycleTemplate(): Partial<LifecycleState> {
  const reviewer = (role: 'dept_head' | 'admin' | 'vp') => ({ userId: randomUUID(), role, department: null, displayName: role });
  const at = '2030-06-10T02:00:00.000Z';
  return {
    stage: 'FEEDBACK',
    isMajor: false,
    permanent: false,
    returnedAtLevel: null,
    escalations: [],
    baseData: { participants: { online: 180, offline: 260 }, expenseSettled: true, notes: null, by: reviewer('admin'), at },
    stageHistory: ['DRAFTING', 'IN_REVIEW_L1', 'IN_REVIEW_L2', 'IN_REVIEW_L3', 'ARCHIVING', 'FEEDBACK'].map((stage) => ({
      stage: stage as LifecycleState['stage'],
      at,
    })),
    reviews: ([1, 2, 3] as const).map((level) => ({
      level,
      decision: 'approve' as const,
      comments: [{ module: 'effectiveness', text: '满意度统计口径清楚,媒体曝光数据附有截图,同意。' }],
      reviewer: reviewer(level === 1 ? 'dept_head' : level === 2 ? 'admin' : 'vp'),
      versionId: null,
      at,
    })),
    specialMeetings: [],
    archive: [
      { medium: 'paper', location: '档案室 A-12', by: reviewer('admin'), at },
      { medium: 'electronic', location: '活动总结/2030/学术研讨/示例活动总结20300610', by: reviewer('admin'), at },
    ],
    feedback: null,
    disposals: [],
    version: 24,
  };
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const admin = await createDataSource(config.databaseUrl, { statementTimeoutMs: 0 }).initialize();
  const dbName = `scoring_bench_${randomUUID().slice(0, 8)}`;
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(config.databaseUrl);
  url.pathname = `/${dbName}`;
  const db = await createDataSource(url.toString(), { statementTimeoutMs: 0 }).initialize();
  try {
    await db.runMigrations({ transaction: 'each' });
    const started = Date.now();
    await generate(db);
    const [{ size }] = (await db.query(`SELECT pg_size_pretty(pg_database_size(current_database())) AS size`)) as [{ size: string }];
    console.log(`scoring_generate_ms=${Date.now() - started} (${N} summaries, database ${size})`);

    const runs: number[] = [];
    let result: Awaited<ReturnType<typeof departmentScores>> | undefined;
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      result = await departmentScores(db, YEAR);
      runs.push(Math.round(performance.now() - t));
    }
    const scored = result!.items.reduce((s, d) => s + d.activityCount, 0);
    if (scored !== N) throw new Error(`scored ${scored} activities, generated ${N}`);
    const items = result!.items.reduce((s, d) => s + d.deductions.length + d.bonuses.length, 0);
    console.log(
      `scoring: ${result!.items.length} departments, ${scored} activities, ${items} deductions and bonuses, ` +
        `${result!.rewardCandidates.length} reward candidates; runs ${runs.join(', ')} ms`,
    );
    printFigures('scoring', {
      scoring_summaries: N,
      scoring_100k_first_ms: runs[0]!,
      scoring_100k_ms: `${[...runs].sort((a, b) => a - b)[1]}  (goal < 2000)`,
    });
  } finally {
    await db.destroy();
    // BENCH_SCORING_KEEP=1 keeps the generated database to look at the plans (EXPLAIN) afterwards.
    if (process.env.BENCH_SCORING_KEEP === '1') console.log(`kept database ${dbName}`);
    else await admin.query(`DROP DATABASE IF EXISTS ${dbName}`);
    await admin.destroy();
  }
}

/**
 * The year's data, shaped as the projection and the API write it. Outcomes by row number g:
 * late draft every 5th (half escalated then met, half met late), late final every 8th, returned
 * every 3rd, satisfaction 70–99 % (above 90 for a third), 1.5M exposure every 50th, falsified every
 * 97th, commended every 89th; 20 departments; two suggestions every 5th activity; plus a tenth as
 * many activities of the year before, which the scoring must leave out.
 */
async function generate(db: Awaited<ReturnType<typeof createDataSource>>): Promise<void> {
  await db.query(`INSERT INTO departments (code, name_zh) SELECT 'dept_' || d, '部门' || d FROM generate_series(0, $1 - 1) d`, [
    DEPARTMENTS,
  ]);
  await db.query(
    `INSERT INTO users (id, username, display_name, role, department_code, password_hash)
     SELECT ('00000000-0000-4000-8000-' || lpad(c::text, 12, '0'))::uuid, 'compiler' || c, '编制人' || c, 'staff',
            'dept_' || (c % $2), 'not-a-hash'
       FROM generate_series(0, $1 - 1) c`,
    [COMPILERS, DEPARTMENTS],
  );
  // One deadline as the lifecycle machine leaves it: outcome 0 on time, 1 met late, 2 escalated then met.
  await db.query(`
    CREATE FUNCTION bench_deadline(key text, end_at timestamptz, days int, outcome int) RETURNS jsonb AS $$
      SELECT jsonb_build_object(
        'key', key, 'occurrence', 1,
        'dueAt', to_char((end_at + days * interval '1 day') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'status', 'met',
        'metAt', to_char((end_at + (days + CASE WHEN outcome = 0 THEN -1 ELSE 2 END) * interval '1 day') AT TIME ZONE 'UTC',
                         'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'provisional', false,
        'description', key || ' due in ' || days || ' working days',
        'anchor', jsonb_build_object('kind', 'workingDays', 'from', end_at, 'days', days),
        'remindAt', null, 'reminderSentAt', null,
        'escalatedAt', CASE WHEN outcome = 2 THEN to_char((end_at + days * interval '1 day') AT TIME ZONE 'UTC',
                                                          'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') END)
    $$ LANGUAGE sql IMMUTABLE`);
  const doc = exampleSummary();
  for (const [year, count] of [
    [YEAR, N],
    [YEAR - 1, Math.ceil(N / 10)],
  ] as const) {
    await db.query(
      `WITH g AS (
         SELECT g, gen_random_uuid() AS id, gen_random_uuid() AS vid,
                make_timestamptz($2, 1, 1, 10, 0, 0, 'Asia/Shanghai') + (g % 364) * interval '1 day' AS end_at,
                ('00000000-0000-4000-8000-' || lpad((g % $4)::text, 12, '0')) AS compiler
           FROM generate_series(1, $1) g
       ), a AS (
         INSERT INTO activities (id, name, type, lead_department, start_at, end_at, location, planned_online, planned_offline,
                                 releases_policy, is_major, permanent, workflow_id, stage, lifecycle, projection_version, revision_count)
         SELECT id, '基准活动' || g, 'seminar', 'dept_' || (g % $5), end_at - interval '8 hours', end_at, '协会多功能厅', 120, 300,
                false, false, false, 'activity-' || id, 'FEEDBACK',
                $3::jsonb || jsonb_build_object(
                  'activityId', id, 'endAt', end_at, 'revisionCount', CASE WHEN g % 3 = 0 THEN 1 ELSE 0 END,
                  'deadlines', jsonb_build_array(
                    bench_deadline('baseData', end_at, 2, 0),
                    bench_deadline('draft', end_at, 9, CASE WHEN g % 10 = 0 THEN 2 WHEN g % 5 = 0 THEN 1 ELSE 0 END),
                    bench_deadline('final', end_at, 14, CASE WHEN g % 8 = 0 THEN 2 ELSE 0 END),
                    bench_deadline('archive', end_at, 17, 0),
                    bench_deadline('feedback', end_at, 45, 0)),
                  'submissions', jsonb_build_array(jsonb_build_object(
                    'versionId', vid, 'kind', 'draft', 'compiledBy', compiler, 'at', end_at, 'warningFindings', 0,
                    'by', jsonb_build_object('userId', compiler, 'role', 'staff', 'department', 'dept_' || (g % $5))))),
                24, CASE WHEN g % 3 = 0 THEN 1 ELSE 0 END
           FROM g
         RETURNING id
       )
       INSERT INTO summary_versions (id, activity_id, version_no, document, findings, metrics, content_hash, submitted, created_by)
       SELECT vid, id, 1, $6::jsonb, '[]',
              jsonb_build_object('participation', 95.5, 'satisfaction', 70 + g % 30, 'questionnaireReturn', 92,
                                 'mediaExposure', CASE WHEN g % 50 = 0 THEN 1500000 ELSE 20000 + g % 1000 END, 'mediaReports', 3),
              md5(vid::text), true, compiler
         FROM g`,
      [count, year, JSON.stringify(lifecycleTemplate()), COMPILERS, DEPARTMENTS, JSON.stringify(doc)],
    );
  }
  await db.query(
    `INSERT INTO suggestions (id, activity_id, version_id, position, measure, responsible_department, due_date, status, finalized_at)
     SELECT gen_random_uuid(), a.id, a.final_version_id, p, '优化报名流程', a.lead_department, (a.end_at + interval '90 days')::date,
            (ARRAY['pending', 'in_progress', 'implemented', 'implemented'])[1 + (abs(hashtext(a.id::text)) + p) % 4],
            a.end_at + interval '14 days'
       FROM activities a CROSS JOIN generate_series(0, 1) p
      WHERE abs(hashtext(a.id::text)) % 5 = 0`,
  );
  await db.query(
    `INSERT INTO score_flags (activity_id, kind, value, reason, actor_user_id, actor_role)
     SELECT id, kind, true, '基准', '00000000-0000-4000-8000-000000000000', 'management'
       FROM (SELECT id, row_number() OVER (ORDER BY end_at, id) AS n FROM activities) a
       CROSS JOIN LATERAL (VALUES ('falsified', 97), ('commended', 89)) k(kind, every)
      WHERE n % every = 0`,
  );
  await db.query(`ANALYZE`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
