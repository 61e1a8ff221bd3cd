/**
 * A list's total stops counting at TOTAL_CAP (apps/api/src/common/query.ts): exact up to it,
 * `totalExact: false` beyond. Rows are generated set-based in a department of this suite's own
 * and deleted afterwards (the database is shared with the other suites).
 */
import { TOTAL_CAP } from '../../apps/api/src/common/query.js';
import { uniqueDepartment } from '../support/builders.js';
import { startStack, type Stack } from './support/stack.js';

let stack: Stack;
const dept = uniqueDepartment();
beforeAll(async () => {
  stack = await startStack({}, { worker: false });
  // TOTAL_CAP trainings and one seminar, one overdue, all ended in June 2025, cap-0 last: the
  // department has one activity more than the cap.
  await stack.dataSource.query(
    `INSERT INTO activities (id, name, type, lead_department, start_at, end_at, location, planned_online, planned_offline,
                             releases_policy, is_major, permanent, workflow_id, stage, is_overdue)
     SELECT gen_random_uuid(), 'cap-' || i, CASE WHEN i = 0 THEN 'seminar' ELSE 'training' END, $1,
            e, e, 'hall', 0, 0, false, false, false, $1 || '-' || i, 'DRAFTING', i = 1
       FROM generate_series(0, $2::int) i, LATERAL (SELECT timestamptz '2025-06-20T12:00:00+08:00' - i * interval '1 minute') t(e)`,
    [dept, TOTAL_CAP],
  );
  const [one] = (await stack.dataSource.query(`SELECT id FROM activities WHERE lead_department = $1 LIMIT 1`, [dept])) as Array<{
    id: string;
  }>;
  await stack.dataSource.query(
    `INSERT INTO escalations (id, activity_id, workflow_id, lead_department, deadline_key, occurrence, kind, recipients,
                              due_at, fired_at, dedupe_key)
     SELECT gen_random_uuid(), $2, $1, $1, 'draft', i, 'overdue', '["dept_head"]'::jsonb, now(), now() - i * interval '1 second',
            $1 || '-' || i
       FROM generate_series(0, $3::int) i`,
    [dept, one!.id, TOTAL_CAP],
  );
}, 120_000);
afterAll(async () => {
  await stack?.dataSource.query(`DELETE FROM escalations WHERE lead_department = $1`, [dept]);
  await stack?.dataSource.query(`DELETE FROM activities WHERE lead_department = $1`, [dept]);
  await stack?.stop();
});

const list = async (path: string) => {
  const res = await stack.as('admin')('GET', path);
  expect(res.status).toBe(200);
  return res.body as { items: Array<{ name: string }>; total: number; totalExact: boolean; page: number; pageSize: number };
};

describe('totals of large lists', () => {
  it('counts activities exactly up to the cap and says when it stopped', async () => {
    const all = await list(`/api/activities?department=${dept}&pageSize=5`);
    expect(all).toMatchObject({ total: TOTAL_CAP, totalExact: false, page: 1, pageSize: 5 });
    // The page's rows in the list's order (latest end first), whatever order the ids came in.
    expect(all.items.map((a) => a.name)).toEqual(['cap-0', 'cap-1', 'cap-2', 'cap-3', 'cap-4']);
    expect(await list(`/api/activities?department=${dept}&type=training`)).toMatchObject({ total: TOTAL_CAP, totalExact: true });
    expect(await list(`/api/activities?department=${dept}&type=seminar`)).toMatchObject({ total: 1, totalExact: true });
    const overdue = await list(`/api/activities?department=${dept}&overdue=true&year=2025`);
    expect(overdue).toMatchObject({ total: 1, totalExact: true });
    expect(overdue.items.map((a) => a.name)).toEqual(['cap-1']);
    expect(await list(`/api/activities?department=${dept}&overdue=false&year=2025`)).toMatchObject({ total: TOTAL_CAP, totalExact: true });
    expect(await list(`/api/activities?department=${dept}&year=2024`)).toMatchObject({ total: 0, totalExact: true, items: [] });
    // The API still answers pages past the cap (the web app's pager stops at it).
    const deep = await list(`/api/activities?department=${dept}&pageSize=100&page=101`);
    expect(deep).toMatchObject({ total: TOTAL_CAP, totalExact: false });
    expect(deep.items.map((a) => a.name)).toEqual([`cap-${TOTAL_CAP}`]);
  });

  it('does the same on the escalation board', async () => {
    expect(await list(`/api/escalations?department=${dept}&pageSize=5`)).toMatchObject({ total: TOTAL_CAP, totalExact: false });
    expect(await list(`/api/escalations?department=${dept}&kind=reminder`)).toMatchObject({ total: 0, totalExact: true, items: [] });
  });
});
