/**
 * Issue "Nobody gets in who shouldn't", findings 7 and 8 and what the fuzzer found:
 *  - the NUL character (U+0000), which PostgreSQL refuses in text, is a 400 naming the field
 *    wherever it comes (JSON body, query string, path parameter), never a 500;
 *  - page numbers and sizes are bounded integers on every paginated endpoint;
 *  - registration Idempotency-Keys are the registering user's own: another department's identical
 *    key neither blocks a registration nor learns which activity holds it;
 *  - a missing nested object is a 400, a number printed in exponent form is no 500.
 */
import { randomUUID } from 'node:crypto';
import { exampleSummary } from '../../libs/summary/index.js';
import { activityBody } from '../support/builders.js';
import { registerExampleActivity } from './support/fixtures.js';
import { http, startStack, type HttpResult, type Stack } from './support/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

const hasChinese = expect.stringMatching(/[\u4e00-\u9fff]/);

function expectNulRefused(res: HttpResult, field: string): void {
  expect(res.status).toBe(400);
  expect(res.body).toMatchObject({
    statusCode: 400,
    code: 'VALIDATION_FAILED',
    message: expect.stringContaining('NUL'),
    messageZh: hasChinese,
  });
  expect(res.body.details).toEqual([
    {
      field,
      code: 'noNulCharacter',
      message: `${field} must not contain the NUL character (\\u0000)`,
      messageZh: `${field} 不能包含空字符(\\u0000)`,
    },
  ]);
}

describe('the NUL character', () => {
  it('in a login username: 400 naming username (it was a 500 from PostgreSQL)', async () => {
    const res = await http(stack.baseUrl, 'POST', '/api/auth/login', { username: 'sta\u0000ff', password: 'demo-password' });
    expectNulRefused(res, 'username');
  });

  it('in a list filter: 400 naming the query parameter', async () => {
    expectNulRefused(await stack.as('admin')('GET', `/api/audit?targetId=${encodeURIComponent('a\u0000b')}`), 'targetId');
    expectNulRefused(await stack.as('admin')('GET', '/api/audit?targetType=%00'), 'targetType');
  });

  it('in a summary text field: 400 naming its path in the document, nothing stored', async () => {
    const id = await registerExampleActivity(stack);
    const document = exampleSummary();
    document.overview.basicInfo.place = '协会\u0000多功能厅';
    const res = await stack.as('staff')('POST', `/api/activities/${id}/summaries`, { document });
    expectNulRefused(res, 'document.overview.basicInfo.place');
    expect((await stack.as('staff')('GET', `/api/activities/${id}/summaries`)).body.items).toEqual([]);
  });

  it('in a path parameter and in a body key', async () => {
    expectNulRefused(await stack.as('staff')('GET', '/api/activities/%00'), 'id');
    const key = await stack.as('staff')('POST', '/api/activities', { ...activityBody(), ['na\u0000me']: 'x' });
    expectNulRefused(key, 'na\\u0000me');
  });
});

describe('pagination bounds', () => {
  const lists: Array<[string, string]> = [
    ['staff', '/api/activities'],
    ['admin', '/api/users'],
    ['admin', '/api/audit'],
    ['staff', '/api/notifications'],
    ['admin', '/api/escalations'],
  ];

  it.each(lists)('as %s, %s refuses pages and sizes that are not integers in 1–10000 / 1–100 with 400', async (user, path) => {
    const cases: Array<[string, string]> = [
      ['page', '5.9e81'],
      ['page', '-1'],
      ['page', '1.5'],
      ['page', '0'],
      ['page', '10001'],
      ['pageSize', '0'],
      ['pageSize', '101'],
      ['pageSize', '1.5'],
    ];
    for (const [name, value] of cases) {
      const res = await stack.as(user)('GET', `${path}?${name}=${value}`);
      expect([name, value, res.status]).toEqual([name, value, 400]);
      expect(res.body.details[0]).toMatchObject({ field: name, messageZh: hasChinese });
    }
    const last = await stack.as(user)('GET', `${path}?page=10000&pageSize=100`);
    expect(last.status).toBe(200);
    expect(last.body).toMatchObject({ items: [], page: 10000, pageSize: 100 });
  });
});

describe('Idempotency-Key of a registration', () => {
  it('belongs to the user who sent it: two departments register with the same key', async () => {
    const key = `forum-${randomUUID()}`;
    const mine = await stack.as('staff')('POST', '/api/activities', activityBody(), { 'Idempotency-Key': key });
    const theirs = await stack.as('training_staff')(
      'POST',
      '/api/activities',
      activityBody({ leadDepartment: 'training', coOrganizers: [] }),
      { 'Idempotency-Key': key },
    );
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(theirs.body.id).not.toBe(mine.body.id);
  });

  it('a repeat by the same user answers the same activity; another body 409 naming no activity', async () => {
    const key = `forum-${randomUUID()}`;
    const body = activityBody();
    const first = await stack.as('staff')('POST', '/api/activities', body, { 'Idempotency-Key': key });
    const repeat = await stack.as('staff')('POST', '/api/activities', { ...body }, { 'Idempotency-Key': key });
    expect([first.status, repeat.status]).toEqual([201, 200]);
    expect(repeat.body).toEqual(first.body);

    const other = await stack.as('staff')('POST', '/api/activities', activityBody(), { 'Idempotency-Key': key });
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', details: [{ field: 'Idempotency-Key', code: 'reused' }] });
    expect(JSON.stringify(other.body)).not.toContain(first.body.id);
    expect(JSON.stringify(other.body)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it('is recorded with who registered the activity', async () => {
    const key = `forum-${randomUUID()}`;
    const res = await stack.as('dept_head')('POST', '/api/activities', activityBody(), { 'Idempotency-Key': key });
    const me = await stack.as('dept_head')('GET', '/api/auth/me');
    const [row] = (await stack.dataSource.query(`SELECT created_by, idempotency_key FROM activities WHERE id = $1`, [
      res.body.id,
    ])) as Array<{
      created_by: string;
      idempotency_key: string;
    }>;
    expect(row).toEqual({ created_by: me.body.id, idempotency_key: key });
  });
});

describe('found by the fuzzer', () => {
  it('a registration without plannedParticipants is a 400, not a 500', async () => {
    const { plannedParticipants: _omitted, ...body } = activityBody();
    const res = await stack.as('staff')('POST', '/api/activities', body);
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'plannedParticipants', code: 'isDefined' })]),
    );
  });

  it('a summary rate written in exponent form (5e-324) is a 400, not a 500', async () => {
    const id = await registerExampleActivity(stack);
    const document = exampleSummary() as unknown as { effectiveness: { quantitative: { satisfaction: { statedRate?: number } } } };
    document.effectiveness.quantitative.satisfaction.statedRate = 5e-324;
    const res = await stack.as('staff')('POST', `/api/activities/${id}/summaries`, { document });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([
      expect.objectContaining({ field: 'document.effectiveness.quantitative.satisfaction.statedRate', code: 'isNumber' }),
    ]);
  });
});
