/**
 * desensitized publications end to end: a summary with a phone number, an e-mail,
 * an ID number and names in its text is driven to its final version; the member digest and the
 * public short version built from it carry them masked; only admin approves, once; a draft is read
 * only by admin and the lead department, a published one by everyone inside; every step audited.
 */
import { exampleSummary } from '../../libs/summary/index.js';
import * as fixtures from './support/fixtures.js';
import { eventually, startStack, type Stack } from './support/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

const post = (user: string, path: string, body?: unknown) => stack.as(user)('POST', path, body);
const get = (user: string, path: string) => stack.as(user)('GET', path);
const generate = (user: string, id: string, kind: string) => post(user, `/api/activities/${id}/publications`, { kind });

/** What the compiler wrote: personal data in three free-text fields. */
function summaryWithPersonalData() {
  const doc = exampleSummary();
  doc.effectiveness.qualitative.socialValue += '媒体合作请联系宣传部王小明,手机13812345678,邮箱wangxm@163.com。';
  doc.effectiveness.qualitative.memberFeedback += '会员李华(身份证号11010519491231002X)反映签到排队较长。';
  doc.execution.implementation.onSiteManagement += '现场负责人:赵敏 13912345678。';
  return doc;
}
const ORIGINALS = ['王小明', '13812345678', 'wangxm@163.com', '李华', '11010519491231002X', '赵敏', '13912345678'];

/** Draft, three approvals: the final version is formed (stage ARCHIVING). */
async function toFinal(id: string): Promise<void> {
  const submitted = await post('staff', `/api/activities/${id}/summaries`, { document: summaryWithPersonalData() });
  expect(submitted.status).toBe(201);
  for (const [user, level] of [
    ['dept_head', 1],
    ['admin', 2],
    ['vp', 3],
  ] as const) {
    const res = await post(user, `/api/activities/${id}/reviews`, { level, decision: 'approve', comments: [] });
    expect(res.status).toBe(200);
  }
}

const audited = (action: string, targetId: string) =>
  eventually(
    async () =>
      (await stack.dataSource.query(`SELECT actor_role FROM audit_log WHERE action = $1 AND target_id = $2 ORDER BY id`, [
        action,
        targetId,
      ])) as Array<{ actor_role: string }>,
    (rows) => rows.length > 0,
  );

describe('R-14.4 / R-15.3 desensitized publications', () => {
  let activityId: string;
  let digestId: string;
  let shortId: string;

  it('no publication before the final version: 409 PUBLICATION_REFUSED', async () => {
    activityId = await fixtures.registerExampleActivity(stack);
    const early = await generate('staff', activityId, 'member_digest');
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'PUBLICATION_REFUSED', messageZh: expect.stringContaining('终稿尚未形成') });
    expect(early.body.details).toEqual([expect.objectContaining({ code: 'NO_FINAL_VERSION' })]);
    expect((await get('admin', `/api/publications?activityId=${activityId}`)).body).toMatchObject({ items: [], total: 0 });
  });

  it('the member digest and the public short version of the final version carry the personal data masked', async () => {
    await toFinal(activityId);
    const versions = await get('staff', `/api/activities/${activityId}/summaries`);
    const finalVersionId = versions.body.items[0].id as string;

    const digest = await generate('staff', activityId, 'member_digest');
    expect(digest.status).toBe(201);
    expect(digest.body).toMatchObject({
      activityId,
      leadDepartment: 'publicity',
      kind: 'member_digest',
      kindZh: '会员平台摘要',
      versionId: finalVersionId,
      status: 'draft',
      statusZh: '待审定',
      published: false,
      createdBy: { userId: expect.any(String), displayName: '宣传部编制人' },
      approvedBy: null,
      approvedAt: null,
    });
    digestId = digest.body.id;
    expect(digest.body.content.sections.map((s: { heading: string }) => s.heading)).toEqual([
      '活动概述',
      '执行情况',
      '成效评估',
      '经验总结',
      '改进建议',
    ]);
    const digestText = JSON.stringify(digest.body);
    for (const original of ORIGINALS) expect([original, digestText.includes(original)]).toEqual([original, false]);
    expect(digest.body.text).toContain('媒体合作请联系宣传部某某,手机138****5678,邮箱w***@163.com。');
    expect(digest.body.text).toContain('会员某某(身份证号110105********002X)反映签到排队较长。');
    expect(digest.body.text).toContain('现场负责人:某某 139****5678。');

    const short = await generate('admin', activityId, 'public_short');
    expect(short.status).toBe(201);
    shortId = short.body.id;
    expect(short.body.content).toMatchObject({
      title: '2026青年导演论坛',
      date: '2026年11月20日',
      figures: [
        { label: '参与人数', value: '386 人' },
        { label: '满意度', value: '91.3%' },
        { label: '媒体曝光量', value: '1,992,000 次' },
      ],
    });
    expect(short.body.content.sections.map((s: { heading: string }) => s.heading)).toEqual(['活动简介', '社会价值']);
    expect(short.body.content.sections[1].paragraphs[0]).toContain('媒体合作请联系宣传部某某,手机138****5678,邮箱w***@163.com。');
    const shortText = JSON.stringify(short.body);
    for (const original of ORIGINALS) expect(shortText).not.toContain(original);
    expect(shortText).not.toContain('签到排队'); // member feedback is not in the public version

    // One of each kind per final version.
    const again = await generate('dept_head', activityId, 'member_digest');
    expect(again.status).toBe(409);
    expect(again.body.details).toEqual([expect.objectContaining({ code: 'ALREADY_GENERATED' })]);
    expect((await audited('publication.generate', activityId)).map((r) => r.actor_role)).toEqual(
      expect.arrayContaining(['staff', 'admin']),
    );
  });

  it('generating is for admin and the lead department only', async () => {
    for (const user of ['training_staff', 'training_head', 'vp', 'management', 'supervisor', 'archivist', 'external']) {
      const res = await generate(user, activityId, 'public_short');
      expect([user, res.status, res.body.code]).toEqual([user, 403, 'FORBIDDEN']);
    }
  });

  it('a draft is read only by admin and the lead department', async () => {
    for (const user of ['admin', 'staff', 'dept_head']) {
      expect([user, (await get(user, `/api/publications/${digestId}`)).status]).toEqual([user, 200]);
      const listed = await get(user, `/api/publications?activityId=${activityId}&status=draft`);
      expect([user, listed.body.total]).toEqual([user, 2]);
    }
    for (const user of ['training_staff', 'training_head', 'vp', 'sg', 'management', 'supervisor', 'archivist']) {
      const res = await get(user, `/api/publications/${digestId}`);
      expect([user, res.status, res.body.code]).toEqual([user, 403, 'FORBIDDEN']);
      const listed = await get(user, `/api/publications?activityId=${activityId}`);
      expect([user, listed.status, listed.body.total]).toEqual([user, 200, 0]);
    }
    expect((await get('external', `/api/publications/${digestId}`)).status).toBe(403);
    expect((await get('external', '/api/publications')).status).toBe(403);
  });

  it('only admin approves, once; approved it is published and read by everyone inside', async () => {
    for (const user of ['staff', 'dept_head', 'vp', 'sg', 'management', 'supervisor']) {
      const res = await post(user, `/api/publications/${digestId}/approve`);
      expect([user, res.status, res.body.code]).toEqual([user, 403, 'FORBIDDEN']);
    }
    expect((await get('admin', `/api/publications/${digestId}`)).body.status).toBe('draft');

    const approved = await post('admin', `/api/publications/${digestId}/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      id: digestId,
      status: 'approved',
      statusZh: '已发布',
      published: true,
      approvedBy: { userId: expect.any(String), displayName: '行政部' },
      approvedAt: expect.any(String),
    });
    const twice = await post('admin', `/api/publications/${digestId}/approve`);
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ code: 'PUBLICATION_REFUSED', details: [expect.objectContaining({ code: 'ALREADY_APPROVED' })] });
    expect((await audited('publication.approve', digestId)).map((r) => r.actor_role)).toContain('admin');

    for (const user of ['training_staff', 'vp', 'management', 'supervisor', 'archivist']) {
      expect([user, (await get(user, `/api/publications/${digestId}`)).status]).toEqual([user, 200]);
      const published = await get(user, `/api/publications?activityId=${activityId}`);
      expect([user, published.body.items.map((p: { id: string }) => p.id)]).toEqual([user, [digestId]]);
    }
    // The public short version is still a draft.
    expect((await get('training_staff', `/api/publications/${shortId}`)).status).toBe(403);
    const drafts = await get('admin', `/api/publications?activityId=${activityId}&status=draft&kind=public_short`);
    expect(drafts.body.items.map((p: { id: string }) => p.id)).toEqual([shortId]);
    await audited('publication.read', digestId);
  });

  it('an approved publication never changes, even in the database', async () => {
    await expect(stack.dataSource.query(`UPDATE publications SET content = '{}'::jsonb WHERE id = $1`, [digestId])).rejects.toThrow(
      /does not change/,
    );
  });

  it('an unknown or malformed id is 404', async () => {
    expect((await get('admin', '/api/publications/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await get('admin', '/api/publications/not-a-uuid')).status).toBe(404);
    expect((await post('admin', '/api/publications/00000000-0000-4000-8000-000000000000/approve')).status).toBe(404);
    expect((await generate('admin', activityId, 'annual_report')).status).toBe(400);
  });
});
