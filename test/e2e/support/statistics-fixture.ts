/**
 * A department of the test's own with a known year of 报表 figures, written straight into the
 * tables the figures are read from (the lifecycle each workflow projects, summary versions,
 * suggestions): the figures are a read model, and a real year of lifecycles would take hours.
 * Every row carries the department, so assertions read that department's slice of a shared
 * database, and `drop` removes it all.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { ActivityType } from '../../../libs/domain/activity.js';
import type { DeadlineKey, DeadlineState, DeadlineStatus, LifecycleState } from '../../../libs/domain/lifecycle.js';
import { newLifecycleState } from '../../../libs/domain/lifecycle-machine.js';
import { exampleSummary, summaryRates } from '../../../libs/summary/index.js';

interface Deadline {
  key: DeadlineKey;
  due: string;
  status: DeadlineStatus;
  met?: string;
}

interface FixtureActivity {
  type: ActivityType;
  /** ISO instant. */
  endAt: string;
  deadlines: Deadline[];
  /** Submitted versions' satisfaction figures [satisfied + fairly satisfied, responses], oldest first; the last is the final one. */
  versions?: Array<[number, number]>;
}

/**
 * The year 2026 of the fixture department (times are UTC; Asia/Shanghai is +08:00):
 *   timeliness — Jan: draft on time, final on time; Feb: final on time; Mar: draft on time, final late (met);
 *                May: draft overdue, final pending; Nov: final on time; Dec: draft met exactly at its due instant
 *                (on time), and a final due 2027-01-01 00:00 (Shanghai) is not 2026's;
 *   satisfaction — seminar Q1: 90% (a 50% earlier version does not count), 95%, and one ending 2026-01-01 00:30 Shanghai
 *                (2025 in UTC) at 70% → 3 summaries, mean 85%, 421/480 responses; seminar Q2: no final version;
 *                training Q4: 80% = 80/100;
 *   suggestions — 2 待落实, 1 已落实, 1 不采纳 formed in 2026; 1 已落实 formed 2025-12-31 23:00 Shanghai (not 2026's).
 */
const ACTIVITIES: FixtureActivity[] = [
  {
    type: 'seminar',
    endAt: '2026-01-06T09:30:00Z',
    deadlines: [{ key: 'draft', due: '2026-01-15T15:59:59Z', status: 'met', met: '2026-01-12T03:00:00Z' }],
  },
  {
    type: 'seminar',
    endAt: '2026-03-10T09:30:00Z',
    deadlines: [
      { key: 'draft', due: '2026-03-19T15:59:59Z', status: 'met', met: '2026-03-18T08:00:00Z' },
      { key: 'final', due: '2026-03-24T15:59:59Z', status: 'met', met: '2026-03-26T02:00:00Z' },
    ],
    versions: [
      [100, 200],
      [180, 200],
    ],
  },
  {
    type: 'seminar',
    endAt: '2026-02-02T09:30:00Z',
    deadlines: [{ key: 'final', due: '2026-02-12T15:59:59Z', status: 'met', met: '2026-02-11T02:00:00Z' }],
    versions: [[171, 180]],
  },
  {
    type: 'seminar',
    endAt: '2025-12-31T16:30:00Z',
    deadlines: [{ key: 'final', due: '2026-01-15T15:59:59Z', status: 'met', met: '2026-01-14T02:00:00Z' }],
    versions: [[70, 100]],
  },
  {
    type: 'seminar',
    endAt: '2026-05-06T09:30:00Z',
    deadlines: [
      { key: 'draft', due: '2026-05-15T15:59:59Z', status: 'overdue' },
      { key: 'final', due: '2026-05-20T15:59:59Z', status: 'pending' },
    ],
    versions: [[99, 100]],
  },
  {
    type: 'training',
    endAt: '2026-11-02T09:30:00Z',
    deadlines: [{ key: 'final', due: '2026-11-16T15:59:59Z', status: 'met', met: '2026-11-13T02:00:00Z' }],
    versions: [[80, 100]],
  },
  {
    type: 'training',
    endAt: '2026-12-22T09:30:00Z',
    deadlines: [
      { key: 'draft', due: '2026-12-31T15:59:59Z', status: 'met', met: '2026-12-31T15:59:59Z' },
      { key: 'final', due: '2026-12-31T16:00:00Z', status: 'pending' },
    ],
  },
];

const SUGGESTIONS: Array<{ status: 'pending' | 'implemented' | 'rejected'; finalizedAt: string }> = [
  { status: 'pending', finalizedAt: '2026-03-26T02:00:00Z' },
  { status: 'pending', finalizedAt: '2026-03-26T02:00:00Z' },
  { status: 'implemented', finalizedAt: '2026-11-13T02:00:00Z' },
  { status: 'rejected', finalizedAt: '2026-11-13T02:00:00Z' },
  { status: 'implemented', finalizedAt: '2025-12-31T15:00:00Z' },
];

export interface StatisticsFixture {
  department: string;
  departmentName: string;
  drop(): Promise<void>;
}

function deadline(d: Deadline, endAt: string): DeadlineState {
  return {
    key: d.key,
    occurrence: 1,
    dueAt: d.due,
    status: d.status,
    metAt: d.met ?? null,
    provisional: false,
    description: `${d.key} due ${d.due}`,
    anchor: { kind: 'workingDays', from: endAt, days: d.key === 'draft' ? 7 : 10 },
    remindAt: null,
    reminderSentAt: null,
    escalatedAt: d.status === 'overdue' ? d.due : null,
  };
}

export async function seedStatisticsFixture(db: DataSource): Promise<StatisticsFixture> {
  const run = randomUUID().replace(/-/g, '').slice(0, 10);
  const department = `stat_${run}`;
  const departmentName = `统计测试部${run.slice(0, 4)}`;
  await db.query(`INSERT INTO departments (code, name_zh) VALUES ($1, $2)`, [department, departmentName]);
  const activityIds: string[] = [];
  for (const [i, a] of ACTIVITIES.entries()) {
    const id = randomUUID();
    activityIds.push(id);
    const versionIds = (a.versions ?? []).map(() => randomUUID());
    const finalMet = a.deadlines.some((d) => d.key === 'final' && d.status === 'met');
    const lifecycle: LifecycleState = {
      ...newLifecycleState({ activityId: id, isMajor: false, permanent: false, endAt: a.endAt }),
      // Finished rows: no one's to-do list picks them up while the suite runs.
      stage: finalMet ? 'CLOSED' : 'DRAFTING',
      deadlines: a.deadlines.map((d) => deadline(d, a.endAt)),
      submissions: versionIds.map((versionId, n) => ({
        versionId,
        kind: n === 0 ? 'draft' : 'revision',
        by: { userId: randomUUID(), role: 'staff', department },
        at: a.endAt,
        warningFindings: 0,
      })),
      version: 1,
    };
    await db.query(
      `INSERT INTO activities (id, name, type, lead_department, start_at, end_at, location, planned_online, planned_offline,
                               releases_policy, is_major, permanent, workflow_id, stage, lifecycle)
       VALUES ($1, $2, $3, $4, $5::timestamptz - interval '8 hours', $5, '协会多功能厅', 0, 100, false, false, false, $6, $7, $8)`,
      [id, `报表测试活动${run}-${i + 1}`, a.type, department, a.endAt, `stat-fixture-${id}`, lifecycle.stage, JSON.stringify(lifecycle)],
    );
    for (const [n, [satisfied, responses]] of (a.versions ?? []).entries()) {
      const doc = exampleSummary();
      doc.effectiveness.quantitative.satisfaction = { responses, satisfied, fairlySatisfied: 0 };
      await db.query(
        `INSERT INTO summary_versions (id, activity_id, version_no, document, findings, metrics, content_hash, submitted, created_by)
         VALUES ($1, $2, $3, $4, '[]', $5, $6, true, 'statistics-fixture')`,
        [
          versionIds[n],
          id,
          n + 1,
          JSON.stringify(doc),
          JSON.stringify(summaryRates(doc.effectiveness.quantitative)),
          `fixture-${versionIds[n]}`,
        ],
      );
    }
  }
  for (const [position, s] of SUGGESTIONS.entries()) {
    await db.query(
      `INSERT INTO suggestions (id, activity_id, version_id, position, measure, responsible_department, due_date, status,
                                status_reason, finalized_at)
       VALUES ($1, $2, $3, $4, '优化报名流程', $5, '2026-12-31', $6, $7, $8)`,
      [
        randomUUID(),
        activityIds[1],
        randomUUID(),
        position,
        department,
        s.status,
        s.status === 'rejected' ? '与现行制度冲突' : null,
        s.finalizedAt,
      ],
    );
  }
  return {
    department,
    departmentName,
    drop: async () => {
      await db.query(`DELETE FROM activities WHERE lead_department = $1`, [department]);
      await db.query(`DELETE FROM departments WHERE code = $1`, [department]);
    },
  };
}
