/**
 * Every lifecycle and summary endpoint tried by every demo role (and no token): the guard answers
 * 401/403 before anything happens, and an allowed role gets through to the lifecycle (2xx, or 409
 * when the message does not fit the current stage — authorised, but refused by the workflow).
 */
import { DEMO_USERS } from '../../libs/db/seed-demo.js';
import { exampleSummary } from '../../libs/summary/index.js';
import { registerExampleActivity } from './support/fixtures.js';
import { startStack, type Stack } from './support/stack.js';

let stack: Stack;
let activityId: string;
beforeAll(async () => {
  stack = await startStack();
  activityId = await registerExampleActivity(stack);
});
afterAll(async () => {
  await stack?.stop();
});

const leadWriters = ['staff', 'dept_head'];
/** Readers of the publicity summary without a read request: the VP and SG only once it waits for level 3 or they reviewed it. */
const readers = DEMO_USERS.map((u) => u.username).filter((u) => !['external', 'training_staff', 'training_head', 'vp', 'sg'].includes(u));

/** endpoint → body and the users who may send it (for the publicity activity). */
const endpoints: Array<{ name: string; method: string; path: string; body?: unknown; allowed: string[] }> = [
  {
    name: 'base data',
    method: 'POST',
    path: 'base-data',
    body: { participants: { online: 1, offline: 2 }, expenseSettled: true },
    allowed: leadWriters,
  },
  { name: 'summary', method: 'POST', path: 'summaries', body: { document: exampleSummary() }, allowed: leadWriters },
  {
    name: 'review L1',
    method: 'POST',
    path: 'reviews',
    body: { level: 1, decision: 'return', comments: [{ text: '请补充' }] },
    allowed: ['dept_head'],
  },
  {
    name: 'review L2',
    method: 'POST',
    path: 'reviews',
    body: { level: 2, decision: 'return', comments: [{ text: '请补充' }] },
    allowed: ['admin'],
  },
  {
    name: 'review L3',
    method: 'POST',
    path: 'reviews',
    body: { level: 3, decision: 'return', comments: [{ text: '请补充' }] },
    allowed: ['vp', 'sg'],
  },
  {
    name: 'special meeting',
    method: 'POST',
    path: 'special-meeting',
    body: { decision: 'revise', date: '2026-12-01', attendees: [], minutes: '纪要' },
    allowed: ['vp'],
  },
  { name: 'archive', method: 'POST', path: 'archive', body: { medium: 'paper', location: 'A-1' }, allowed: ['archivist'] },
  { name: 'feedback', method: 'POST', path: 'feedback', body: { summary: '反馈' }, allowed: leadWriters },
  { name: 'disposal', method: 'POST', path: 'disposal', body: { decision: 'destroy' }, allowed: ['archivist'] },
  // Not permanent already: admin's undo is a 409 (ALREADY_DONE) and changes nothing for the other rows.
  { name: 'retention', method: 'POST', path: 'retention', body: { permanent: false, reason: '核对保管期限' }, allowed: ['admin'] },
  { name: 'summary versions', method: 'GET', path: 'summaries', allowed: readers },
  { name: 'reviews', method: 'GET', path: 'reviews', allowed: readers },
];

const principals = [...DEMO_USERS.map((u) => u.username as string | null), null];
const cases = endpoints.flatMap((e) => principals.map((p) => [e.name, p ?? 'no token', e, p] as const));

describe('authorization matrix: lifecycle and summary endpoints × every role', () => {
  it.each(cases)('%s as %s', async (_name, _who, endpoint, principal) => {
    const res = await stack.as(principal)(endpoint.method, `/api/activities/${activityId}/${endpoint.path}`, endpoint.body);
    if (principal === null) {
      expect(res.status).toBe(401);
    } else if (endpoint.allowed.includes(principal)) {
      expect([200, 201, 409, 422]).toContain(res.status);
      if (res.status >= 400) expect(res.body.code).not.toBe('FORBIDDEN');
    } else {
      expect(res.status).toBe(403);
      // Summary content refuses a reader without a grant with READ_NOT_GRANTED.
      expect(res.body).toMatchObject({ code: expect.stringMatching(/^(FORBIDDEN|READ_NOT_GRANTED)$/), messageZh: expect.any(String) });
    }
  });
});
