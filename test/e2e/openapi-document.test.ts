/**
 * The OpenAPI document declares every response an operation can give, with the one error schema,
 * and the constraints the validation enforces (apps/api/src/common/openapi.ts). fuzz.test.ts
 * checks the running API against it; this checks the document's shape.
 */
import { http, startStack, type Stack } from './support/stack.js';

let stack: Stack;
let doc: any;
beforeAll(async () => {
  stack = await startStack({}, { worker: false });
  doc = (await http(stack.baseUrl, 'GET', '/docs-json')).body;
});
afterAll(async () => {
  await stack?.stop();
});

type Op = { key: string; path: string; op: any };
const operations = (): Op[] =>
  Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, path, op })),
  );
const codes = (op: any) => Object.keys(op.responses).map(Number);
const ERROR_REF = { $ref: '#/components/schemas/ApiError' };

describe('/docs-json', () => {
  it('defines the error shape once, as a component', () => {
    expect(doc.components.schemas.ApiError).toMatchObject({
      type: 'object',
      required: ['statusCode', 'code', 'message', 'messageZh', 'details'],
      properties: { details: { type: 'array', items: { $ref: '#/components/schemas/ApiErrorDetail' } } },
    });
    expect(doc.components.schemas.ApiErrorDetail.required).toEqual(['code', 'message', 'messageZh']);
  });

  it('declares on every operation the errors it can give, each with the error schema', () => {
    for (const { key, path, op } of operations()) {
      const declared = codes(op);
      const isPublic = ['POST /api/auth/login', 'GET /health'].includes(key);
      const expected = [503];
      if (!isPublic) expected.push(401);
      if (op.requestBody || op.parameters?.length) expected.push(400);
      if (op.requestBody) expected.push(413);
      if (path.includes('{')) expected.push(404);
      expect([key, declared]).toEqual([key, expect.arrayContaining(expected)]);
      expect([key, Boolean(op.security?.length)]).toEqual([key, !isPublic]);
      // /health answers its own report, 503 included (status of each dependency).
      const errorSchema = key === 'GET /health' ? { $ref: '#/components/schemas/HealthResponse' } : ERROR_REF;
      for (const status of declared.filter((s) => s >= 400)) {
        expect([key, status, op.responses[status].content['application/json'].schema]).toEqual([key, status, errorSchema]);
      }
    }
  });

  it('declares 403 where the role guard can refuse, 409 for conflicts, 422 for summaries, 429 for login', () => {
    const byKey = new Map(operations().map(({ key, op }) => [key, op]));
    const of = (key: string) => codes(byKey.get(key));
    for (const key of ['GET /api/auth/me', 'POST /api/auth/password', 'GET /api/calendar', 'GET /api/calendar/deadline']) {
      expect([key, of(key)]).toEqual([key, expect.not.arrayContaining([403])]);
    }
    for (const key of ['GET /api/escalations', 'POST /api/users', 'GET /api/activities/{id}', 'POST /api/activities/{id}/archive']) {
      expect([key, of(key)]).toEqual([key, expect.arrayContaining([403])]);
    }
    for (const message of ['base-data', 'summaries', 'reviews', 'special-meeting', 'archive', 'feedback', 'disposal']) {
      expect(of(`POST /api/activities/{id}/${message}`)).toContain(409);
    }
    expect(of('POST /api/activities')).toEqual(expect.arrayContaining([200, 201, 409]));
    expect(of('POST /api/activities/{id}/summaries')).toContain(422);
    expect(of('POST /api/auth/login')).toEqual(expect.arrayContaining([401, 429]));
    expect(byKey.get('GET /api/escalations')['x-roles']).toEqual([
      'dept_head',
      'admin',
      'vp',
      'secretary_general',
      'management',
      'supervisor',
    ]);
  });

  it('declares the bounds of pagination and the constraints of request bodies', () => {
    for (const { key, op } of operations()) {
      const page = op.parameters?.find((p: any) => p.name === 'page');
      if (!page) continue;
      const pageSize = op.parameters.find((p: any) => p.name === 'pageSize');
      expect([key, page.schema]).toEqual([key, expect.objectContaining({ type: 'integer', minimum: 1, maximum: 10000 })]);
      expect([key, pageSize.schema]).toEqual([key, expect.objectContaining({ type: 'integer', minimum: 1, maximum: 100 })]);
    }
    const register = doc.components.schemas.RegisterActivityDto;
    expect(register.additionalProperties).toBe(false);
    expect(register.required).toEqual(
      expect.arrayContaining(['name', 'type', 'leadDepartment', 'startAt', 'endAt', 'location', 'plannedParticipants', 'releasesPolicy']),
    );
    expect(register.properties.name).toMatchObject({ type: 'string', minLength: 1, maxLength: 200, pattern: '^[^\\u0000]*$' });
    expect(register.properties.leadDepartment).toMatchObject({ pattern: '^[a-z][a-z0-9_]{1,31}$' });
    expect(register.properties.startAt.pattern).toMatch(/^\^\(200\[4-9\]\|20\[1-9\]\[0-9\]\)-/);
    expect(doc.components.schemas.ParticipantsDto.properties.online).toMatchObject({ type: 'integer', minimum: 0, maximum: 10_000_000 });
    const preferences = doc.components.schemas.PreferencesDto;
    expect(preferences.required ?? []).not.toContain('wantsEmail');
    const key = operations()
      .find(({ key }) => key === 'POST /api/activities')!
      .op.parameters.filter((p: any) => p.in === 'header');
    expect(key).toEqual([expect.objectContaining({ name: 'Idempotency-Key', schema: expect.objectContaining({ maxLength: 200 }) })]);
  });

  it('describes the answers the web app reads with a schema of its own (its types are generated from them)', () => {
    const answers: Record<string, [number, string]> = {
      'POST /api/auth/login': [200, 'LoginResult'],
      'GET /api/auth/me': [200, 'UserView'],
      'POST /api/activities': [201, 'RegisteredActivity'],
      'GET /api/activities': [200, 'ActivityPage'],
      'POST /api/activities/{id}/base-data': [200, 'LifecycleAnswer'],
      'POST /api/activities/{id}/feedback': [200, 'LifecycleAnswer'],
      'POST /api/activities/{id}/disposal': [200, 'LifecycleAnswer'],
      'POST /api/activities/{id}/retention': [200, 'LifecycleAnswer'],
      'POST /api/activities/{id}/archive': [200, 'LifecycleAnswer'],
      'GET /api/audit': [200, 'AuditPage'],
      'POST /api/activities/{id}/summaries': [201, 'SummarySubmission'],
      'GET /api/activities/{id}/summaries': [200, 'SummaryVersionList'],
      'GET /api/activities/{id}/summaries/{versionId}': [200, 'SummaryVersionView'],
      'GET /api/activities/{id}/summaries/{versionId}/signatures': [200, 'VerifiedSignatureList'],
      'GET /api/signatures/public-key': [200, 'SigningPublicKeyView'],
      'POST /api/activities/{id}/reviews': [200, 'ReviewResult'],
      'GET /api/activities/{id}/reviews': [200, 'ReviewList'],
      'POST /api/activities/{id}/special-meeting': [200, 'SpecialMeetingResult'],
      'POST /api/activities/{id}/attachments': [201, 'AttachmentView'],
      'GET /api/activities/{id}/attachments': [200, 'AttachmentList'],
      'GET /api/notifications': [200, 'InboxPage'],
      'GET /api/notifications/unread-count': [200, 'UnreadCount'],
      'POST /api/notifications/{id}/read': [200, 'InboxItem'],
      'GET /api/notifications/preferences': [200, 'NotificationPreferences'],
      'PUT /api/notifications/preferences': [200, 'NotificationPreferences'],
      'GET /api/escalations': [200, 'EscalationPage'],
      'GET /api/escalations/channel-health': [200, 'ChannelHealthList'],
      'GET /api/users': [200, 'UserAdminPage'],
      'POST /api/users': [201, 'UserAdminView'],
      'GET /api/users/{userId}': [200, 'UserAdminView'],
      'PATCH /api/users/{userId}': [200, 'UserAdminView'],
      'GET /api/departments': [200, 'DepartmentList'],
      'POST /api/departments': [201, 'DepartmentView'],
      'GET /api/calendar': [200, 'CalendarYearView'],
      'GET /api/calendar/deadline': [200, 'DeadlineView'],
      'GET /api/calendar/overrides': [200, 'CalendarOverrideList'],
      'POST /api/calendar/overrides': [201, 'CalendarOverrideCreated'],
      'DELETE /api/calendar/overrides/{id}': [200, 'CalendarOverrideDeleted'],
    };
    const byKey = new Map(operations().map(({ key, op }) => [key, op]));
    for (const [key, [status, schema]] of Object.entries(answers)) {
      const response = byKey.get(key)?.responses[status];
      expect([key, response?.content?.['application/json']?.schema]).toEqual([key, { $ref: `#/components/schemas/${schema}` }]);
      expect([key, doc.components.schemas[schema]?.required?.length > 0]).toEqual([key, true]);
    }
    // A repeated Idempotency-Key answers 200 with the same body as the first registration's 201.
    expect(byKey.get('POST /api/activities').responses[200].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/RegisteredActivity',
    });
  });

  it('gives every success answer that has a body a schema (none left undescribed)', () => {
    // Only a 204 carries no body.
    const undescribed = operations().flatMap(({ key, op }) =>
      Object.entries(op.responses as Record<string, any>)
        .filter(
          ([status, response]) =>
            Number(status) < 300 && Number(status) !== 204 && !Object.values(response.content ?? {}).some((media: any) => media.schema),
        )
        .map(([status]) => `${key} ${status}`),
    );
    expect(undescribed).toEqual([]);
    const download = operations().find(({ key }) => key === 'GET /api/activities/{id}/attachments/{attachmentId}')!.op;
    expect(download.responses[200].content['image/gif'].schema).toEqual({ type: 'string', format: 'binary' });
  });
});
