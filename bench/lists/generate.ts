/**
 * The lists benchmark's data (bench/lists.bench.ts), written set-based into the bench's own
 * database: N activities spread over 20 departments, the 8 types, every stage and ~3 years of end
 * dates, each with a whole projected lifecycle (newLifecycleState plus what its stage implies:
 * deadlines, submissions, reviews, archive, feedback, escalations); about 3 overdue escalations and
 * 2 reminders per 10 ended activities, as the worker records them (activities/lifecycle.activities.ts
 * notifyDeadline), with inbox rows and inbox deliveries for the users SPEC §3's rules name
 * (activities/notification.activities.ts). Pseudo-random but repeatable: every choice is a hash of
 * the row number.
 */
import type { DataSource } from 'typeorm';
import { ACTIVITY_TYPES } from '../../libs/domain/activity.js';
import type { DeadlineKey, LifecycleState } from '../../libs/domain/lifecycle.js';
import { newLifecycleState } from '../../libs/domain/lifecycle-machine.js';
import { DEADLINE_NAMES_ZH, renderMessage } from '../../libs/notify/message.js';
import { recipientRolesFor } from '../../libs/notify/recipients.js';

/** The demo departments (their users sign in) and 17 more: 20 in all. */
export const BENCH_DEPARTMENTS = [
  'publicity',
  'training',
  'admin',
  ...Array.from({ length: 17 }, (_, i) => `bench_d${String(i + 3).padStart(2, '0')}`),
];

/** A name is a topic and the form its type takes, e.g. 青年导演论坛 第123期: 16 × 8 distinct names before the number. */
const TOPICS = [
  '青年导演',
  '新片',
  '编剧',
  '影视政策',
  '会员',
  '短片创作',
  '纪录片',
  '摄影技术',
  '动画',
  '剪辑',
  '表演',
  '制片管理',
  '版权保护',
  '数字修复',
  '声音设计',
  '类型片',
];
const FORMS: Record<(typeof ACTIVITY_TYPES)[number], string> = {
  training: '培训班',
  seminar: '论坛',
  screening: '放映会',
  competition: '大赛',
  public_screening: '展映周',
  policy_briefing: '宣讲会',
  member_exchange: '交流沙龙',
  other: '活动',
};

/** Deadlines as the machine opens them: the stage rank that opens and meets each, its calendar-day offset from the end and its anchor. */
const DEADLINES: Array<{ key: DeadlineKey; opens: number; met: number; days: number; anchor: [kind: string, unit: string, n: number] }> = [
  { key: 'baseData', opens: 1, met: 2, days: 3, anchor: ['workingDays', 'days', 2] },
  { key: 'draft', opens: 1, met: 2, days: 10, anchor: ['workingDays', 'days', 7] },
  { key: 'final', opens: 1, met: 3, days: 15, anchor: ['workingDays', 'days', 10] },
  { key: 'revision', opens: 2, met: 3, days: 22, anchor: ['workingDays', 'days', 5] },
  { key: 'archive', opens: 3, met: 4, days: 18, anchor: ['workingDays', 'days', 3] },
  { key: 'feedback', opens: 4, met: 5, days: 48, anchor: ['months', 'months', 1] },
  { key: 'retention', opens: 5, met: 6, days: 3 * 365 + 18, anchor: ['years', 'years', 3] },
];

/** Stage rank: 0 not ended, 1 drafting, 2 in review or revising, 3 archiving, 4 feedback, 5 retained or closed. */
const RANK_SQL = `CASE stage WHEN 'AWAITING_END' THEN 0 WHEN 'DRAFTING' THEN 1 WHEN 'ARCHIVING' THEN 3 WHEN 'FEEDBACK' THEN 4
  WHEN 'RETAINED' THEN 5 WHEN 'CLOSED' THEN 5 ELSE 2 END`;

/** The stages an activity of each rank went through (stageHistory), before the one it is in. */
const PATH: Record<number, string[]> = {
  0: [],
  1: ['DRAFTING'],
  2: ['DRAFTING', 'IN_REVIEW_L1'],
  3: ['DRAFTING', 'IN_REVIEW_L1', 'IN_REVIEW_L2', 'IN_REVIEW_L3', 'ARCHIVING'],
  4: ['DRAFTING', 'IN_REVIEW_L1', 'IN_REVIEW_L2', 'IN_REVIEW_L3', 'ARCHIVING', 'FEEDBACK'],
  5: ['DRAFTING', 'IN_REVIEW_L1', 'IN_REVIEW_L2', 'IN_REVIEW_L3', 'ARCHIVING', 'FEEDBACK', 'RETAINED'],
};

/** What a lifecycle carries from each rank on; the generator adds the row's own ids, times and deadlines. */
function lifecycleParts() {
  const by = (role: 'staff' | 'dept_head' | 'admin' | 'vp' | 'archivist') => ({
    userId: '00000000-0000-4000-8000-000000000001',
    role,
    department: role === 'staff' || role === 'dept_head' ? 'publicity' : null,
    displayName: role,
  });
  const at = '2026-01-10T02:00:00.000Z';
  const template: LifecycleState = newLifecycleState({ activityId: '', isMajor: false, permanent: false, endAt: at });
  return {
    template,
    baseData: { participants: { online: 180, offline: 260 }, expenseSettled: true, notes: null, by: by('staff'), at },
    submission: { kind: 'draft', by: by('staff'), compiledBy: by('staff').userId, at, warningFindings: 0 },
    reviews: ([1, 2, 3] as const).map((level) => ({
      level,
      decision: 'approve',
      comments: [{ module: 'effectiveness', text: '满意度统计口径清楚，媒体曝光数据附有截图，同意。' }],
      reviewer: by(level === 1 ? 'dept_head' : level === 2 ? 'admin' : 'vp'),
      versionId: null,
      at,
    })),
    archive: [
      { medium: 'paper', location: '档案室 A-12', by: by('archivist'), at },
      { medium: 'electronic', location: '活动总结/示例活动总结', by: by('archivist'), at },
    ],
    feedback: { summary: '参会单位反馈良好，建议下次提前发布日程。', recordId: null, by: by('staff'), at },
  };
}

export interface GeneratedCounts {
  activities: number;
  escalations: number;
  notifications: number;
  deliveries: number;
}

export async function generateListsData(db: DataSource, n: number): Promise<GeneratedCounts> {
  await db.query(
    `INSERT INTO departments (code, name_zh, name_en)
     SELECT code, '基准部门' || right(code, 2), 'Bench ' || code FROM unnest($1::text[]) code ON CONFLICT (code) DO NOTHING`,
    [BENCH_DEPARTMENTS],
  );
  // Every department gets a compiler and a head, so departmental rules reach someone everywhere.
  await db.query(`
    INSERT INTO users (username, display_name, role, department_code, password_hash, is_head)
    SELECT 'bench_' || v.role || '_' || d.code, '基准' || v.role || d.code, v.role, d.code, 'not-a-hash', false
      FROM departments d CROSS JOIN (VALUES ('staff'), ('dept_head')) v(role)
     WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.department_code = d.code AND u.role = v.role)`);

  // SPEC §3's recipients of each deadline's overdue escalation and reminder, as the worker resolves them.
  await db.query(`CREATE TABLE bench_rules (kind text, deadline_key text, role text, departmental boolean, head_only boolean)`);
  const rules = DEADLINES.flatMap(({ key }) =>
    (['overdue', 'reminder'] as const).flatMap((kind) =>
      recipientRolesFor(key, kind).map((r) => [kind, key, r.role, r.scope === 'lead_department', r.headOnly === true] as const),
    ),
  );
  await db.query(
    `INSERT INTO bench_rules SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[], $5::boolean[])`,
    [0, 1, 2, 3, 4].map((i) => rules.map((r) => r[i])),
  );
  await db.query(`
    CREATE FUNCTION bench_iso(t timestamptz) RETURNS text AS $$
      SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
    $$ LANGUAGE sql IMMUTABLE`);
  // The role-level names the escalation row and the lifecycle record (recipientNames), per department.
  await db.query(`
    CREATE TABLE bench_names AS
    SELECT k.kind, k.deadline_key, d.code AS dept,
           jsonb_agg(r.role || CASE WHEN r.head_only THEN ':head' ELSE '' END
                     || CASE WHEN r.departmental THEN '@' || d.code ELSE '' END) AS names
      FROM (SELECT DISTINCT kind, deadline_key FROM bench_rules) k CROSS JOIN departments d
      JOIN bench_rules r ON r.kind = k.kind AND r.deadline_key = k.deadline_key
     GROUP BY 1, 2, 3`);

  // One row per activity: its department, type, end, stage, and the deadline it was escalated on.
  const deadlineDays = `CASE key ${DEADLINES.map((d) => `WHEN '${d.key}' THEN ${d.days}`).join(' ')} END`;
  await db.query(
    `CREATE TABLE bench_plan AS
     WITH g AS (
       SELECT g, gen_random_uuid() AS id, gen_random_uuid() AS vid,
              ($2::text[])[1 + (hashtext('dept' || g) & 2147483647) % array_length($2::text[], 1)] AS dept,
              ($3::text[])[1 + (hashtext('type' || g) & 2147483647) % array_length($3::text[], 1)] AS type,
              (hashtext('stage' || g) & 2147483647) AS rs, (hashtext('esc' || g) & 2147483647) % 10 AS esc,
              (hashtext('key' || g) & 2147483647) % 20 AS rk,
              (hashtext('size' || g) & 2147483647) AS rz,
              -- ~3 years back to 2 months ahead, in row order (rows are registered as time goes by)
              date_trunc('hour', now()) - interval '3 years'
                + (g::float8 / $1::int) * (interval '3 years' + interval '60 days')
                + ((hashtext('h' || g) & 2147483647) % 10) * interval '1 hour' AS end_at
         FROM generate_series(1, $1::int) g
     ), s AS (
       SELECT *, CASE
           WHEN end_at > now() THEN 'AWAITING_END'
           -- one in 20 is stuck wherever it is: the overdue ones live here
           WHEN rs % 20 = 0
             THEN (ARRAY['DRAFTING','IN_REVIEW_L1','IN_REVIEW_L2','IN_REVIEW_L3','REVISING','ARCHIVING','FEEDBACK'])[1 + rs / 20 % 7]
           WHEN end_at > now() - interval '9 days' THEN 'DRAFTING'
           WHEN end_at > now() - interval '16 days' THEN (ARRAY['IN_REVIEW_L1','IN_REVIEW_L2','IN_REVIEW_L3','REVISING'])[1 + rs % 4]
           WHEN end_at > now() - interval '20 days' THEN 'ARCHIVING'
           WHEN end_at > now() - interval '50 days' THEN 'FEEDBACK'
           WHEN rs % 25 = 1 THEN 'CLOSED'
           ELSE 'RETAINED' END AS stage
         FROM g
     ), r AS (
       SELECT *, ${RANK_SQL} AS rank FROM s
     ), k AS (
       SELECT *, CASE rank WHEN 1 THEN 'draft' WHEN 2 THEN CASE WHEN stage = 'REVISING' THEN 'revision' ELSE 'final' END
                 WHEN 3 THEN 'archive' WHEN 4 THEN 'feedback'
                 ELSE (ARRAY['draft','draft','draft','draft','draft','draft','draft','draft','draft','baseData','baseData','baseData',
                             'final','final','final','final','archive','archive','feedback','feedback'])[1 + rk] END AS key
         FROM r
     ), d AS (
       SELECT *, end_at + ${deadlineDays} * interval '1 day' AS due_at FROM k
     )
     SELECT *, has_overdue AND rank BETWEEN 1 AND 4 AS open
       FROM (SELECT *, rank > 0 AND esc < 3 AND due_at < now() AS has_overdue,
                       rank > 0 AND esc < 2 AND due_at - interval '1 day' < now() AS has_reminder
               FROM d) x`,
    [n, BENCH_DEPARTMENTS, [...ACTIVITY_TYPES]],
  );

  const parts = lifecycleParts();
  const paths = Object.entries(PATH).map(([rank, stages]) => ({ rank: Number(rank), stages }));
  await db.query(
    `WITH p AS (
       SELECT p.*, dl.deadlines, 40 + rz % 500 AS online, 30 + rz / 500 % 400 AS offline,
              rz % 20 = 0 AS releases_policy, rz % 50 = 7 AS national_level
         FROM bench_plan p CROSS JOIN LATERAL (
      -- its deadlines: those its rank has opened, met once its rank is past them; the escalated one is
      -- overdue while open, met two days late once resolved
      SELECT coalesce(jsonb_agg(jsonb_build_object(
            'key', d.key, 'occurrence', 1, 'dueAt', bench_iso(due), 'status', status,
            'metAt', CASE WHEN status = 'met'
                          THEN bench_iso(due + CASE WHEN escalated THEN interval '2 days' ELSE interval '-1 day' END) END,
            'provisional', false,
            'description', d.key || ' due ' || to_char(due AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD'),
            'anchor', d.anchor,
            'remindAt', bench_iso(due - interval '1 day'),
            'reminderSentAt', CASE WHEN d.key = p.key AND p.has_reminder THEN bench_iso(due - interval '1 day') END,
            'escalatedAt', CASE WHEN escalated THEN bench_iso(due + interval '1 minute') END) ORDER BY d.ord), '[]') AS deadlines
          FROM (
            SELECT d.*, p.end_at + d.days * interval '1 day' AS due,
                   d.key = p.key AND p.has_overdue AS escalated,
                   CASE WHEN d.key = p.key AND p.open THEN 'overdue'
                        WHEN p.rank >= d.met OR (d.key = 'baseData' AND p.end_at + d.days * interval '1 day' < now()) THEN 'met'
                        ELSE 'pending' END AS status
              FROM (VALUES ${DEADLINES.map(
                (d, i) =>
                  `(${i}, '${d.key}', ${d.opens}, ${d.met}, ${d.days}, ` +
                  `jsonb_build_object('kind', '${d.anchor[0]}', 'from', bench_iso(p.end_at), '${d.anchor[1]}', ${d.anchor[2]}))`,
              ).join(', ')}) d(ord, key, opens, met, days, anchor)
             WHERE p.rank >= d.opens AND (d.key <> 'revision' OR p.key = 'revision')
          ) d
         ) dl
     )
     INSERT INTO activities (id, name, type, lead_department, start_at, end_at, location, planned_online, planned_offline,
                             releases_policy, national_level, is_major, permanent, workflow_id, stage, lifecycle, projection_version,
                             revision_count, next_deadline_at, is_overdue, created_at, updated_at)
     SELECT id, ($2::text[])[1 + (hashtext('topic' || g) & 2147483647) % array_length($2::text[], 1)] || ($9::jsonb ->> type)
                || ' 第' || g || '期', type, dept,
            end_at - interval '8 hours', end_at, '协会多功能厅', online, offline, releases_policy, national_level,
            releases_policy OR online + offline > 500, national_level, 'activity-' || id, stage,
            $1::jsonb || jsonb_build_object(
              'activityId', id, 'endAt', bench_iso(end_at), 'stage', stage,
              'isMajor', releases_policy OR online + offline > 500, 'permanent', national_level,
              'revisionCount', CASE WHEN key = 'revision' THEN 1 ELSE 0 END,
              'returnedAtLevel', CASE WHEN stage = 'REVISING' THEN 1 END,
              'deadlines', deadlines,
              'escalations', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                                 'deadlineKey', key, 'occurrence', 1, 'kind', kind, 'recipients',
                                   (SELECT names FROM bench_names n WHERE (n.kind, n.deadline_key, n.dept) = (e.kind, p.key, p.dept)),
                                 'firedAt', bench_iso(CASE kind WHEN 'overdue' THEN due_at + interval '1 minute'
                                                                ELSE due_at - interval '1 day' END))), '[]')
                                FROM (VALUES ('reminder', has_reminder), ('overdue', has_overdue)) e(kind, fired) WHERE fired),
              'baseData', CASE WHEN rank >= 2 THEN $3::jsonb END,
              'stageHistory', (SELECT coalesce(jsonb_agg(jsonb_build_object('stage', s, 'at', bench_iso(end_at))), '[]')
                                 FROM unnest(CASE WHEN stage = ANY(path.stages) OR rank = 0 THEN path.stages
                                                  ELSE path.stages || stage END) s),
              'submissions', CASE WHEN rank >= 2 THEN jsonb_build_array($4::jsonb || jsonb_build_object('versionId', vid)) ELSE '[]' END,
              'reviews', CASE WHEN rank >= 3 THEN $5::jsonb ELSE '[]' END,
              'archive', CASE WHEN rank >= 4 THEN $6::jsonb ELSE '[]' END,
              'feedback', CASE WHEN rank >= 5 THEN $7::jsonb END,
              'version', 1 + rank * 6),
            1 + rank * 6, CASE WHEN key = 'revision' THEN 1 ELSE 0 END,
            (SELECT min((x ->> 'dueAt')::timestamptz) FROM jsonb_array_elements(deadlines) x WHERE x ->> 'status' = 'pending'),
            open, end_at - interval '30 days', end_at + rank * interval '5 days'
       FROM p JOIN jsonb_to_recordset($8::jsonb) path(rank int, stages text[]) USING (rank)`,
    [
      JSON.stringify(parts.template),
      TOPICS,
      JSON.stringify(parts.baseData),
      JSON.stringify(parts.submission),
      JSON.stringify(parts.reviews),
      JSON.stringify(parts.archive),
      JSON.stringify(parts.feedback),
      JSON.stringify(paths),
      JSON.stringify(FORMS),
    ],
  );

  await db.query(`
    INSERT INTO escalations (id, activity_id, workflow_id, lead_department, deadline_key, occurrence, kind, recipients, due_at, fired_at,
                             resolved_at, dedupe_key)
    SELECT gen_random_uuid(), p.id, 'activity-' || p.id, p.dept, p.key, 1, e.kind, n.names, p.due_at,
           CASE e.kind WHEN 'overdue' THEN p.due_at + interval '1 minute' ELSE p.due_at - interval '1 day' END,
           -- only overdue escalations resolve (resolveEscalations): two days late, unless still open
           CASE WHEN e.kind = 'overdue' AND NOT p.open THEN p.due_at + interval '2 days' END,
           md5('activity-' || p.id || p.key || e.kind)
      FROM bench_plan p CROSS JOIN LATERAL (VALUES ('reminder', p.has_reminder), ('overdue', p.has_overdue)) e(kind, fired)
      JOIN bench_names n ON (n.kind, n.deadline_key, n.dept) = (e.kind, p.key, p.dept)
     WHERE fired`);

  // Inbox rows for the users the rules name, most of the older ones read; each with its ledger row.
  const sample = renderMessage({
    activityName: '@NAME@',
    deadlineKey: 'draft',
    kind: 'overdue',
    dueAt: '2026-01-20T15:59:59.000Z',
    mustAct: '编制人 宣传部编制人（宣传部）',
    link: 'http://localhost:3000/activities/@ID@',
  });
  await db.query(
    `INSERT INTO notifications (id, user_id, activity_id, escalation_id, deadline_key, kind, title, body, link, dedupe_key,
                                created_at, read_at)
     SELECT gen_random_uuid(), u.id, e.activity_id, e.id, e.deadline_key, e.kind,
            CASE e.kind WHEN 'overdue' THEN '【已逾期】' ELSE '【即将到期】' END || a.name || '：' || ($3::jsonb ->> e.deadline_key),
            replace(replace($1, '@NAME@', a.name), '@ID@', a.id::text), replace($2, '@ID@', a.id::text),
            md5(e.id::text || u.id::text), e.fired_at,
            CASE WHEN e.fired_at < now() - interval '7 days' AND (hashtext(e.id::text || u.id::text) & 2147483647) % 10 <> 0
                 THEN e.fired_at + interval '5 hours' END
       FROM escalations e
       JOIN activities a ON a.id = e.activity_id
       JOIN bench_rules r ON r.kind = e.kind AND r.deadline_key = e.deadline_key
       JOIN users u ON u.role = r.role AND u.active AND (NOT r.departmental OR u.department_code = e.lead_department)
                   AND (NOT r.head_only OR u.is_head)`,
    [sample.text, sample.link, JSON.stringify(DEADLINE_NAMES_ZH)],
  );
  await db.query(`
    INSERT INTO notification_deliveries (id, escalation_id, user_id, recipient, channel, message, dedupe_key, status, attempts,
                                         last_attempt_at, next_attempt_at, sent_at, created_at)
    SELECT gen_random_uuid(), n.escalation_id, n.user_id, u.username, 'inbox',
           jsonb_build_object('title', n.title, 'text', n.body, 'markdown', n.body, 'link', n.link),
           'd' || n.dedupe_key, 'sent', 1, n.created_at, n.created_at, n.created_at, n.created_at
      FROM notifications n JOIN users u ON u.id = n.user_id`);

  await db.query(`DROP TABLE bench_plan, bench_names, bench_rules`);
  await db.query(`DROP FUNCTION bench_iso(timestamptz)`);
  const [counts] = (await db.query(`
    SELECT (SELECT count(*) FROM activities)::int AS activities, (SELECT count(*) FROM escalations)::int AS escalations,
           (SELECT count(*) FROM notifications)::int AS notifications,
           (SELECT count(*) FROM notification_deliveries)::int AS deliveries`)) as [GeneratedCounts];
  return counts;
}
