/**
 * SPEC §4: reviewers comment per module and per finding on the exact version they read, and the
 * compiler and every reviewer sign electronically — signer, time and content hash, checked
 * independently here with the published public key.
 */
import { createPublicKey, randomBytes, randomUUID } from 'node:crypto';
import {
  ed25519PemFromSeed,
  loadSigningKey,
  statementBytes,
  verifyStatement,
  type SignatureStatement,
} from '../../libs/signature/signature.js';
import { exampleAttachments, exampleSummary, type SummaryDocument } from '../../libs/summary/index.js';
import type { SubmitReview } from '../../libs/domain/lifecycle.js';
import { reviewSignal, reviewUpdate } from '../../workflows/definitions.js';
import * as fixtures from './support/fixtures.js';
import { eventually, startStack, type Stack } from './support/stack.js';

const EXAMPLE_ATTACHMENT_COUNT = exampleAttachments().length;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

const registerExampleActivity = () => fixtures.registerExampleActivity(stack);

const post = (user: string, id: string, path: string, body: unknown, headers?: Record<string, string>) =>
  stack.as(user)('POST', `/api/activities/${id}/${path}`, body, headers);
const get = (user: string, path: string) => stack.as(user)('GET', path);

/** The example summary with its first problem made vague: one warning to comment on. */
function withVagueProblem(): SummaryDocument {
  const doc = exampleSummary();
  doc.lessons.problems[0]!.description = '现场秩序有待加强';
  return doc;
}

async function userId(username: string): Promise<string> {
  const [row] = await stack.dataSource.query(`SELECT id FROM users WHERE username = $1`, [username]);
  return row.id;
}

describe('R-6.4 electronic signatures', () => {
  it('signs an accepted submission as its compiler, and the signature verifies with the published key', async () => {
    const id = await registerExampleActivity();
    const res = await post('staff', id, 'summaries', { document: exampleSummary() });
    expect(res.status).toBe(201);
    const { version, signature } = res.body;
    expect(signature).toMatchObject({
      versionId: version.id,
      versionNo: 1,
      purpose: 'compile',
      signer: { userId: await userId('staff'), role: 'staff', name: expect.any(String) },
      contentHash: version.contentHash,
      algorithm: 'Ed25519',
    });

    const key = await get('staff', '/api/signatures/public-key');
    expect(key.status).toBe(200);
    const statement: SignatureStatement = {
      activityId: id,
      versionId: version.id,
      versionNo: 1,
      contentHash: version.contentHash,
      purpose: 'compile',
      signerId: signature.signer.userId,
      signerName: signature.signer.name,
      signerRole: 'staff',
      signedAt: signature.signedAt,
    };
    const publicKey = createPublicKey(key.body.publicKeyPem);
    expect(verifyStatement(publicKey, statement, signature.value)).toBe(true);
    // The signature covers the hash: the same statement over another hash does not verify.
    expect(verifyStatement(publicKey, { ...statement, contentHash: 'f'.repeat(64) }, signature.value)).toBe(false);
    expect(statementBytes(statement).toString()).toContain(version.contentHash);

    const listed = await get('supervisor', `/api/activities/${id}/summaries/${version.id}/signatures`);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([expect.objectContaining({ id: signature.id, valid: true, problems: [] })]);
  });

  it('a version refused by the checks is kept but never signed', async () => {
    const id = await registerExampleActivity();
    const doc = exampleSummary();
    doc.effectiveness.quantitative.questionnaire = { issued: 200, returned: 184, statedRate: 95 };
    const res = await post('staff', id, 'summaries', { document: doc });
    expect(res.status).toBe(422);
    const [version] = (await get('staff', `/api/activities/${id}/summaries`)).body.items;
    expect((await get('staff', `/api/activities/${id}/summaries/${version.id}/signatures`)).body.items).toEqual([]);
  });

  it('reports a signature invalid when the signed document or the signature record was altered behind the API', async () => {
    const id = await registerExampleActivity();
    const { version, signature } = (await post('staff', id, 'summaries', { document: exampleSummary() })).body;
    const path = `/api/activities/${id}/summaries/${version.id}/signatures`;
    const q = (sql: string, params: unknown[] = []) => stack.dataSource.query(sql, params);
    // Both tables refuse UPDATE; an attacker with database access would switch that off first.
    await q(`ALTER TABLE signatures DISABLE TRIGGER signatures_append_only`);
    try {
      await q(`UPDATE signatures SET signer_name = '冒名者' WHERE id = $1`, [signature.id]);
    } finally {
      await q(`ALTER TABLE signatures ENABLE TRIGGER signatures_append_only`);
    }
    const forged = (await get('dept_head', path)).body.items[0];
    expect(forged).toMatchObject({ valid: false, problems: [expect.stringContaining('does not match')] });

    await q(`ALTER TABLE summary_versions DISABLE TRIGGER summary_versions_immutable`);
    try {
      await q(`UPDATE summary_versions SET document = jsonb_set(document, '{overview,basicInfo,place}', '"别处"') WHERE id = $1`, [
        version.id,
      ]);
    } finally {
      await q(`ALTER TABLE summary_versions ENABLE TRIGGER summary_versions_immutable`);
    }
    const tampered = (await get('dept_head', path)).body.items[0];
    expect(tampered.valid).toBe(false);
    expect(tampered.problems).toEqual(expect.arrayContaining([expect.stringContaining('no longer has the hash')]));
  });

  it('after a key rotation, signatures of the retired key still verify when its public key is configured', async () => {
    const id = await registerExampleActivity();
    const { version, signature } = (await post('staff', id, 'summaries', { document: exampleSummary() })).body;
    const retired = (await get('staff', '/api/signatures/public-key')).body;
    const newKey = ed25519PemFromSeed(randomBytes(32));
    const path = `/api/activities/${id}/summaries/${version.id}/signatures`;

    const forgetful = await startStack({ SIGNING_KEY: newKey }, { worker: false });
    try {
      const [item] = (await forgetful.as('staff')('GET', path)).body.items;
      expect(item).toMatchObject({
        id: signature.id,
        keyId: retired.keyId,
        valid: false,
        problems: [expect.stringContaining('neither the current key nor a retired one')],
      });
    } finally {
      await forgetful.stop();
    }

    const rotated = await startStack(
      { SIGNING_KEY: newKey, SIGNING_RETIRED_PUBLIC_KEYS: retired.publicKeyPem.replace(/\n/g, '\\n') },
      { worker: false },
    );
    try {
      expect((await rotated.as('staff')('GET', '/api/signatures/public-key')).body.keyId).toBe(loadSigningKey(newKey).keyId);
      const [item] = (await rotated.as('staff')('GET', path)).body.items;
      expect(item).toMatchObject({ id: signature.id, keyId: retired.keyId, valid: true, problems: [] });
    } finally {
      await rotated.stop();
    }
  });

  it('the database refuses to change a signature', async () => {
    const id = await registerExampleActivity();
    const { signature } = (await post('staff', id, 'summaries', { document: exampleSummary() })).body;
    await expect(stack.dataSource.query(`UPDATE signatures SET signed_at = now() WHERE id = $1`, [signature.id])).rejects.toThrow(
      /append-only/,
    );
  });
});

describe('SPEC §4 reviews bound to a version, with comments per module and per finding', () => {
  it('R-8 records a return with comments on a module and on one finding, signed by the reviewer over the version read', async () => {
    const id = await registerExampleActivity();
    const submitted = await post('staff', id, 'summaries', { document: withVagueProblem() });
    expect(submitted.status).toBe(201);
    const version = submitted.body.version;
    // The one vague problem, besides one warning per placeholder attachment id (R-9.5, never uploaded).
    const [vague, ...unuploaded] = version.findings;
    expect(vague).toMatchObject({ rule: 'R-9.3', severity: 'warning', path: 'lessons.problems.0.description' });
    expect(unuploaded).toHaveLength(EXAMPLE_ATTACHMENT_COUNT);
    for (const f of unuploaded) expect(f).toMatchObject({ rule: 'R-9.5', severity: 'warning' });

    const comments = [
      { module: 'effectiveness', text: '媒体曝光数据请补充来源' },
      { module: 'lessons', findingRule: 'R-9.3', findingPath: 'lessons.problems.0.description', text: '请写明排队时长或投诉数量' },
    ];
    const res = await post('dept_head', id, 'reviews', { level: 1, decision: 'return', comments, versionId: version.id });
    expect(res.status).toBe(200);
    expect(res.body.lifecycle).toMatchObject({ stage: 'REVISING', revisionCount: 1 });
    expect(res.body.review).toMatchObject({
      versionId: version.id,
      versionNo: 1,
      level: 1,
      decision: 'return',
      reviewer: { userId: await userId('dept_head'), role: 'dept_head' },
      comments: [
        { module: 'effectiveness', findingRule: null, findingPath: null, text: comments[0]!.text },
        { module: 'lessons', findingRule: 'R-9.3', findingPath: 'lessons.problems.0.description', text: comments[1]!.text },
      ],
      signature: { purpose: 'review_l1', versionId: version.id, contentHash: version.contentHash, reviewId: res.body.review.id },
    });

    const rows = await stack.dataSource.query(
      `SELECT c.finding_rule, c.module FROM review_comments c JOIN reviews ` +
        `r ON r.id = c.review_id WHERE r.activity_id = $1 ORDER BY c.position`,
      [id],
    );
    expect(rows).toEqual([
      { finding_rule: null, module: 'effectiveness' },
      { finding_rule: 'R-9.3', module: 'lessons' },
    ]);

    const listed = await get('supervisor', `/api/activities/${id}/reviews`);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([res.body.review]);
    const signatures = (await get('admin', `/api/activities/${id}/summaries/${version.id}/signatures`)).body.items;
    expect(signatures.map((s: { purpose: string; valid: boolean }) => [s.purpose, s.valid])).toEqual([
      ['compile', true],
      ['review_l1', true],
    ]);
  });

  it('R-8 an approval may carry no comment; a return must (400 naming the field, in Chinese too), and nothing is recorded', async () => {
    const id = await registerExampleActivity();
    await post('staff', id, 'summaries', { document: exampleSummary() });
    const res = await post('dept_head', id, 'reviews', { level: 1, decision: 'return', comments: [] });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([
      expect.objectContaining({ field: 'comments', code: 'returnNeedsComments', messageZh: '退回时 comments 至少包含一条审核意见' }),
    ]);
    expect((await get('staff', `/api/activities/${id}`)).body.lifecycle.reviews).toEqual([]);
    expect((await get('staff', `/api/activities/${id}/reviews`)).body.items).toEqual([]);

    const approved = await post('dept_head', id, 'reviews', { level: 1, decision: 'approve', comments: [] });
    expect(approved.status).toBe(200);
    expect(approved.body.review).toMatchObject({ decision: 'approve', comments: [], signature: { purpose: 'review_l1' } });
  });

  it('R-8 400 for a comment on a finding the version does not have, changing nothing', async () => {
    const id = await registerExampleActivity();
    await post('staff', id, 'summaries', { document: withVagueProblem() });
    const res = await post('dept_head', id, 'reviews', {
      level: 1,
      decision: 'return',
      comments: [
        { findingRule: 'R-9.2', text: '比率有误' },
        { findingRule: 'R-9.3', findingPath: 'lessons.problems.3.description', text: '不具体' },
        { findingRule: 'R-9.3', module: 'overview', text: '模块不符' },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details.map((d: { field: string; code: string }) => [d.field, d.code])).toEqual([
      ['comments.0.findingRule', 'unknownFinding'],
      ['comments.1.findingPath', 'unknownFinding'],
      ['comments.2.module', 'moduleMismatch'],
    ]);
    expect(res.body.details[0].messageZh).toContain('R-9.2');
    expect((await get('staff', `/api/activities/${id}`)).body.lifecycle).toMatchObject({ stage: 'IN_REVIEW_L1', reviews: [] });
  });

  it('R-8 409 for a review of a version that is no longer the one under review; 404 for a version that does not exist', async () => {
    const id = await registerExampleActivity();
    const v1 = (await post('staff', id, 'summaries', { document: exampleSummary() })).body.version;
    await post('dept_head', id, 'reviews', { level: 1, decision: 'return', comments: [{ text: '请补充' }] });
    const v2 = (await post('staff', id, 'summaries', { document: exampleSummary() })).body.version;
    expect(v2.versionNo).toBe(2);

    const stale = await post('dept_head', id, 'reviews', { level: 1, decision: 'approve', comments: [], versionId: v1.id });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      code: 'MESSAGE_REFUSED',
      messageZh: expect.stringContaining('第 2 版'),
      details: [expect.objectContaining({ field: 'versionId', code: 'STALE_VERSION' })],
    });
    const unknown = await post('dept_head', id, 'reviews', { level: 1, decision: 'approve', comments: [], versionId: randomUUID() });
    expect(unknown.status).toBe(404);

    const ok = await post('dept_head', id, 'reviews', { level: 1, decision: 'approve', comments: [], versionId: v2.id });
    expect(ok.status).toBe(200);
    expect(ok.body.review).toMatchObject({ versionNo: 2, signature: { contentHash: v2.contentHash } });
    expect(ok.body.lifecycle.reviews.map((r: { versionId: string }) => r.versionId)).toEqual([v1.id, v2.id]);
  });

  it('R-10.2 the special meeting on a major event returned a third time is signed by the VP over the version decided on', async () => {
    const id = await fixtures.registerExampleActivity(stack, { releasesPolicy: true });
    let version: { id: string; contentHash: string } | undefined;
    for (let round = 1; round <= 3; round++) {
      version = (await post('staff', id, 'summaries', { document: exampleSummary() })).body.version;
      const returned = await post('dept_head', id, 'reviews', {
        level: 1,
        decision: 'return',
        comments: [{ module: 'lessons', text: `第${round}次退回` }],
      });
      expect(returned.status).toBe(200);
    }
    const key = randomUUID();
    // the meeting was held: a day from the activity's end to today.
    const body = {
      decision: 'finalize',
      date: fixtures.shanghaiToday(),
      attendees: ['分管副会长', '行政部', '宣传部'],
      minutes: '会议决定以第3版为定稿',
    };
    const res = await post('vp', id, 'special-meeting', body, { 'Idempotency-Key': key });
    expect(res.status).toBe(200);
    expect(res.body.lifecycle.stage).toBe('ARCHIVING');
    expect(res.body.signature).toMatchObject({
      purpose: 'special_meeting',
      versionId: version!.id,
      versionNo: 3,
      contentHash: version!.contentHash,
      signer: { role: 'vp' },
      reviewId: null,
    });
    const again = await post('vp', id, 'special-meeting', body, { 'Idempotency-Key': key });
    expect(again.body.signature).toEqual(res.body.signature);
    const signatures = (await get('supervisor', `/api/activities/${id}/summaries/${version!.id}/signatures`)).body.items;
    expect(signatures.map((s: { purpose: string; valid: boolean }) => [s.purpose, s.valid])).toEqual([
      ['compile', true],
      ['review_l1', true],
      ['special_meeting', true],
    ]);
  });

  it('R-8 takes the version under review from the lifecycle, repairing a submitted flag whose write was lost', async () => {
    const id = await registerExampleActivity();
    const { version } = (await post('staff', id, 'summaries', { document: exampleSummary() })).body;
    await stack.dataSource.query(`UPDATE summary_versions SET submitted = false WHERE id = $1`, [version.id]);
    const res = await post('dept_head', id, 'reviews', { level: 1, decision: 'approve', comments: [] });
    expect(res.status).toBe(200);
    expect(res.body.review).toMatchObject({ versionId: version.id, signature: { contentHash: version.contentHash } });
    const [row] = await stack.dataSource.query(`SELECT submitted FROM summary_versions WHERE id = $1`, [version.id]);
    expect(row.submitted).toBe(true);
  });

  it('R-8 409 before any submission: the lifecycle is still drafting, there is nothing to review, and nothing is recorded', async () => {
    const id = await registerExampleActivity();
    const res = await post('dept_head', id, 'reviews', { level: 1, decision: 'approve', comments: [] });
    expect(res.status).toBe(409);
    // The lifecycle machine decides (the stage), before the API looks for a version to sign.
    expect(res.body).toMatchObject({ code: 'MESSAGE_REFUSED', messageZh: expect.stringContaining('编制初稿') });
    const [detail] = res.body.details;
    expect(detail).toMatchObject({ code: 'WRONG_STAGE', message: expect.stringContaining('stage DRAFTING') });
    expect(detail.messageZh).toEqual(expect.any(String));
    expect((await get('admin', `/api/activities/${id}/reviews`)).body.items).toEqual([]);
  });

  it('R-8 a retried review (same Idempotency-Key) records one review and one signature', async () => {
    const id = await registerExampleActivity();
    await post('staff', id, 'summaries', { document: exampleSummary() });
    const key = randomUUID();
    const body = { level: 1, decision: 'approve', comments: [{ module: 'overview', text: '同意' }] };
    const first = await post('dept_head', id, 'reviews', body, { 'Idempotency-Key': key });
    const again = await post('dept_head', id, 'reviews', body, { 'Idempotency-Key': key });
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(again.body.review).toEqual(first.body.review);
    const [{ reviews, signatures }] = await stack.dataSource.query(
      `SELECT (SELECT count(*)::int FROM reviews WHERE activity_id = $1) AS reviews, (SELECT ` +
        `count(*)::int FROM signatures WHERE activity_id = $1 AND purpose = 'review_l1') AS signatures`,
      [id],
    );
    expect({ reviews, signatures }).toEqual({ reviews: 1, signatures: 1 });
  });
});

describe('R-8 reviews the lifecycle took without the API writing them (activities/review-projection.ts)', () => {
  const reviewsOf = async (id: string) =>
    (await get('admin', `/api/activities/${id}/reviews`)).body.items as Array<Record<string, unknown>>;

  it(
    'R-8 records a review ops sent as a signal, bound to the version under ' +
      'review, with its comments and no signature (R-6.4: nobody signed in)',
    async () => {
      const id = await registerExampleActivity();
      const { version } = (await post('staff', id, 'summaries', { document: withVagueProblem() })).body;
      const { workflowId } = (await get('admin', `/api/activities/${id}`)).body;
      const actor = { userId: await userId('dept_head'), role: 'dept_head', department: 'publicity' };
      const comments = [{ module: 'lessons', findingRule: 'R-9.3', findingPath: 'lessons.problems.0.description', text: '请量化问题' }];
      // What `temporal workflow signal --name review` delivers: no versionId, so the last submission.
      await stack.client.workflow
        .getHandle(workflowId)
        .signal(reviewSignal, { requestId: `ops-${randomUUID()}`, actor, level: 1, decision: 'return', comments } as SubmitReview);

      const [review] = await eventually(
        () => reviewsOf(id),
        (items) => items.length === 1,
      );
      expect(review).toMatchObject({
        versionId: version.id,
        versionNo: 1,
        level: 1,
        decision: 'return',
        reviewer: { userId: actor.userId, role: 'dept_head' },
        comments: [{ module: 'lessons', findingRule: 'R-9.3', findingPath: 'lessons.problems.0.description', text: '请量化问题' }],
        signature: null, // nobody signed in to sign it
      });
      // Later projections (the revision) leave it as it is: one row.
      expect((await post('staff', id, 'summaries', { document: exampleSummary() })).status).toBe(201);
      await eventually(
        () => get('admin', `/api/activities/${id}`),
        (r) => r.body.lifecycle.stage === 'IN_REVIEW_L1',
      );
      expect(await reviewsOf(id)).toHaveLength(1);
    },
  );

  it("R-8 records a review whose API write was lost after the lifecycle took it; R-6.4 the reviewer's retry signs that row", async () => {
    const id = await registerExampleActivity();
    const { version } = (await post('staff', id, 'summaries', { document: exampleSummary() })).body;
    const { workflowId } = (await get('admin', `/api/activities/${id}`)).body;
    const key = randomUUID();
    const actor = { userId: await userId('dept_head'), role: 'dept_head', department: 'publicity', displayName: '宣传部负责人' };
    const body = { level: 1, decision: 'approve', comments: [{ module: 'overview', text: '同意' }], versionId: version.id };
    // The API's first attempt: the lifecycle took the update, then the request died before its row was written.
    await stack.client.workflow
      .getHandle(workflowId)
      .executeUpdate(reviewUpdate, { args: [{ requestId: `${actor.userId}:${key}`, actor, ...body } as SubmitReview] });
    const [projected] = await eventually(
      () => reviewsOf(id),
      (items) => items.length === 1,
    );
    expect(projected).toMatchObject({
      versionId: version.id,
      decision: 'approve',
      comments: [{ module: 'overview', text: '同意' }],
      signature: null,
    });

    const retried = await post('dept_head', id, 'reviews', body, { 'Idempotency-Key': key });
    expect(retried.status).toBe(200);
    expect(retried.body.review).toMatchObject({
      id: projected!.id,
      signature: { purpose: 'review_l1', versionId: version.id, reviewId: projected!.id },
    });
    expect(await reviewsOf(id)).toEqual([retried.body.review]);
    const signatures = (await get('admin', `/api/activities/${id}/summaries/${version.id}/signatures`)).body.items;
    expect(signatures.map((s: { purpose: string; valid: boolean }) => [s.purpose, s.valid])).toEqual([
      ['compile', true],
      ['review_l1', true],
    ]);
  });

  it('R-8 R-6.4 an API review and its projection race to one row with one signature', async () => {
    const id = await registerExampleActivity();
    await post('staff', id, 'summaries', { document: exampleSummary() });
    const res = await post('dept_head', id, 'reviews', {
      level: 1,
      decision: 'approve',
      comments: [{ module: 'execution', text: '执行到位' }],
    });
    expect(res.status).toBe(200);
    // Let the worker project this state too, then count.
    await eventually(
      () => stack.dataSource.query(`SELECT projection_version FROM activities WHERE id = $1`, [id]),
      ([r]) => r.projection_version >= res.body.lifecycle.version,
    );
    const [counts] = await stack.dataSource.query(
      `SELECT (SELECT count(*)::int FROM reviews WHERE activity_id = $1) AS reviews,
              (SELECT count(*)::int FROM review_comments c JOIN reviews r ON r.id = c.review_id WHERE r.activity_id = $1) AS comments,
              (SELECT count(*)::int FROM signatures WHERE activity_id = $1 AND purpose = 'review_l1') AS signatures`,
      [id],
    );
    expect(counts).toEqual({ reviews: 1, comments: 1, signatures: 1 });
  });
});

describe('SPEC §5 reads of summary content are audited', () => {
  it('records who read which version, when and from where', async () => {
    const id = await registerExampleActivity();
    const { version } = (await post('staff', id, 'summaries', { document: exampleSummary() })).body;
    expect((await get('supervisor', `/api/activities/${id}/summaries/${version.id}`)).status).toBe(200);
    const rows = await stack.dataSource.query(
      `SELECT actor_role, target_type, ip, at, details FROM audit_log WHERE action = 'summary.read' AND target_id = $1`,
      [version.id],
    );
    expect(rows).toEqual([
      expect.objectContaining({ actor_role: 'supervisor', target_type: 'summary_version', ip: expect.any(String), at: expect.any(Date) }),
    ]);
    expect(rows[0].details.params).toMatchObject({ id, versionId: version.id });
  });
});
