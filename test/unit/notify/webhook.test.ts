/**
 * Each robot's request against a local receiver that checks it the way the platform documents
 * (test/support/notify-robots.ts), including the signature and its one-hour window.
 */
import { createHmac } from 'node:crypto';
import { buildRobotRequest, dingtalkSign, feishuSign, sendRobot, type RobotKind } from '../../../libs/notify/channels/webhook.js';
import { renderMessage } from '../../../libs/notify/message.js';
import { classifyFailure, DeliveryError, withRetry } from '../../../libs/notify/retry.js';
import { startRobotReceiver, type RobotReceiver } from '../../../chaos/receivers/robots.js';
import { closedPort } from '../../../chaos/receivers/smtp.js';

const message = renderMessage({
  activityName: '2026青年导演论坛',
  deadlineKey: 'final',
  kind: 'overdue',
  dueAt: '2026-10-20T15:59:59.999Z',
  mustAct: '分管副会长、秘书长',
  link: 'https://summary.example.org/activities/a-1',
});

const receivers: RobotReceiver[] = [];
async function receiver(opts: Parameters<typeof startRobotReceiver>[0]): Promise<RobotReceiver> {
  const r = await startRobotReceiver(opts);
  receivers.push(r);
  return r;
}
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

const failureOf = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as DeliveryError,
  );
const HOUR = 3_600_000;

describe('WeCom group robot (企业微信)', () => {
  it('posts { msgtype: "markdown", markdown: { content } } to the key URL, and the robot accepts it', async () => {
    const r = await receiver({ kind: 'wecom' });
    const req = buildRobotRequest('wecom', message, { url: r.url, now: new Date() });
    expect(req.body).toEqual({ msgtype: 'markdown', markdown: { content: message.markdown } });
    await expect(sendRobot(req)).resolves.toMatchObject({ status: 200, body: { errcode: 0 } });
    expect(r.requests[0]).toMatchObject({ contentType: 'application/json; charset=utf-8', body: req.body });
    expect(r.requests[0]!.query.get('key')).toBe('TOKEN');
  });

  it('an unknown key (errcode 93000) is permanent', async () => {
    const r = await receiver({ kind: 'wecom', token: 'other' });
    const err = await failureOf(sendRobot(buildRobotRequest('wecom', message, { url: r.url.replace('other', 'mine'), now: new Date() })));
    expect(err).toBeInstanceOf(DeliveryError);
    expect(err?.details.code).toBe(93000);
    expect(classifyFailure(err)).toBe('permanent');
  });

  it('a rate limit (errcode 45009) is transient: the retry waits and then gets through', async () => {
    const r = await receiver({ kind: 'wecom', script: [{ body: { errcode: 45009, errmsg: 'api freq out of limit' } }] });
    const waits: number[] = [];
    const res = await withRetry(() => sendRobot(buildRobotRequest('wecom', message, { url: r.url, now: new Date() })), {
      attempts: 3,
      baseMs: 10,
      maxMs: 5_000,
      random: () => 0,
      sleep: async (ms) => void waits.push(ms),
    });
    expect(res.body).toMatchObject({ errcode: 0 });
    expect(r.requests).toHaveLength(2);
    expect(waits).toEqual([5_000]); // the 60 s hint for 20 messages/min, capped at maxMs
  });

  it('cuts markdown to WeCom’s 4096-byte limit at a character boundary', async () => {
    const r = await receiver({ kind: 'wecom' });
    const long = { ...message, markdown: '逾'.repeat(3000) }; // 9000 bytes
    const req = buildRobotRequest('wecom', long, { url: r.url, now: new Date() });
    const content = (req.body.markdown as { content: string }).content;
    expect(Buffer.byteLength(content, 'utf8')).toBeLessThanOrEqual(4096);
    expect(content.endsWith('逾…')).toBe(true);
    await expect(sendRobot(req)).resolves.toMatchObject({ body: { errcode: 0 } });
  });
});

describe('DingTalk group robot (钉钉)', () => {
  const secret = 'SEC0123456789abcdef+/=';

  it('signs with HmacSHA256(secret, timestamp+"\\n"+secret), Base64, URL-encoded in the query; the robot verifies it', async () => {
    const r = await receiver({ kind: 'dingtalk', secret });
    const now = new Date();
    const req = buildRobotRequest('dingtalk', message, { url: r.url, secret, now });
    expect(req.body).toEqual({ msgtype: 'markdown', markdown: { title: message.title, text: message.markdown } });
    const url = new URL(req.url);
    expect(url.searchParams.get('access_token')).toBe('TOKEN');
    expect(url.searchParams.get('timestamp')).toBe(String(now.getTime()));
    expect(url.searchParams.get('sign')).toBe(createHmac('sha256', secret).update(`${now.getTime()}\n${secret}`).digest('base64'));
    await expect(sendRobot(req)).resolves.toMatchObject({ body: { errcode: 0, errmsg: 'ok' } });
    expect(r.requests).toHaveLength(1);
  });

  it('the sign survives characters that need URL encoding (+, /, =)', async () => {
    const r = await receiver({ kind: 'dingtalk', secret });
    // Find a timestamp whose signature has a '+' or '/', which would break if sent unencoded.
    let ts = Date.now();
    while (!/[+/]/.test(dingtalkSign(String(ts), secret))) ts++;
    const req = buildRobotRequest('dingtalk', message, { url: r.url, secret, now: new Date(ts) });
    await expect(sendRobot(req)).resolves.toMatchObject({ body: { errcode: 0 } });
    expect(r.requests[0]!.rawQuery).toContain(`sign=${encodeURIComponent(dingtalkSign(String(ts), secret))}`);
  });

  it.each([
    ['a timestamp more than an hour old', secret, () => new Date(Date.now() - 2 * HOUR)],
    ['the wrong secret', 'SECwrong', () => new Date()],
  ])('%s is refused (310000) as a permanent failure, not retried', async (_t, usedSecret, now) => {
    const r = await receiver({ kind: 'dingtalk', secret });
    const err = await failureOf(
      withRetry(() => sendRobot(buildRobotRequest('dingtalk', message, { url: r.url, secret: usedSecret, now: now() })), {
        attempts: 3,
        baseMs: 1,
        maxMs: 1,
      }),
    );
    expect(err?.details.code).toBe(310000);
    expect(classifyFailure(err)).toBe('permanent');
    expect(r.requests).toHaveLength(1);
  });

  it('without a secret the URL is left as configured', async () => {
    const r = await receiver({ kind: 'dingtalk' });
    const req = buildRobotRequest('dingtalk', message, { url: r.url, now: new Date() });
    expect(req.url).toBe(r.url);
    await expect(sendRobot(req)).resolves.toMatchObject({ body: { errcode: 0 } });
  });

  it('"send too fast" (130101) is transient with DingTalk’s 10-minute throttle as the wait hint', async () => {
    const r = await receiver({
      kind: 'dingtalk',
      script: [{ body: { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' } }],
    });
    const err = await failureOf(sendRobot(buildRobotRequest('dingtalk', message, { url: r.url, now: new Date() })));
    expect(classifyFailure(err)).toBe('transient');
    expect(err?.details.retryAfterMs).toBe(600_000);
  });
});

describe('Feishu custom bot (飞书)', () => {
  const secret = 'feishu-secret-xyz';

  it('posts a zh_cn "post" with title, lines and a link, signed with HmacSHA256(key=timestamp+"\\n"+secret, "") in the body', async () => {
    const r = await receiver({ kind: 'feishu', secret });
    const now = new Date();
    const req = buildRobotRequest('feishu', message, { url: r.url, secret, now });
    const ts = String(Math.floor(now.getTime() / 1000));
    expect(req.url).toBe(r.url);
    expect(req.body.msg_type).toBe('post');
    expect(req.body.timestamp).toBe(ts);
    expect(req.body.sign).toBe(createHmac('sha256', `${ts}\n${secret}`).update('').digest('base64'));
    const post = (req.body.content as { post: { zh_cn: { title: string; content: unknown[][] } } }).post.zh_cn;
    expect(post.title).toBe(message.title);
    expect(post.content[0]).toEqual([{ tag: 'text', text: '活动：2026青年导演论坛' }]);
    expect(post.content.at(-1)).toEqual([
      { tag: 'text', text: '查看详情：' },
      { tag: 'a', text: message.link, href: message.link },
    ]);
    await expect(sendRobot(req)).resolves.toMatchObject({ body: { code: 0, msg: 'success' } });
  });

  it('can send plain text instead', async () => {
    const r = await receiver({ kind: 'feishu', secret });
    const req = buildRobotRequest('feishu', message, { url: r.url, secret, now: new Date(), feishuMsgType: 'text' });
    expect(req.body.content).toEqual({ text: `${message.title}\n${message.text}` });
    await expect(sendRobot(req)).resolves.toMatchObject({ body: { code: 0 } });
  });

  it('signing is not DingTalk’s: the secret is part of the key, the message is empty', () => {
    expect(feishuSign('1599360473', secret)).not.toBe(dingtalkSign('1599360473', secret));
  });

  it('a stale timestamp or wrong secret is refused (19021) as a permanent failure', async () => {
    const r = await receiver({ kind: 'feishu', secret });
    const stale = await failureOf(
      sendRobot(buildRobotRequest('feishu', message, { url: r.url, secret, now: new Date(Date.now() - 2 * HOUR) })),
    );
    const wrong = await failureOf(sendRobot(buildRobotRequest('feishu', message, { url: r.url, secret: 'nope', now: new Date() })));
    for (const err of [stale, wrong]) {
      expect(err?.details.code).toBe(19021);
      expect(classifyFailure(err)).toBe('permanent');
    }
  });

  it('"frequency limited" (11232) is transient; the old StatusCode field is read too', async () => {
    const r = await receiver({
      kind: 'feishu',
      script: [{ body: { code: 11232, msg: 'frequency limited' } }, { body: { StatusCode: 19024, StatusMessage: 'Key Words Not Found' } }],
    });
    const send = () => failureOf(sendRobot(buildRobotRequest('feishu', message, { url: r.url, now: new Date() })));
    expect(classifyFailure(await send())).toBe('transient');
    const keywords = await send();
    expect(keywords?.details.code).toBe(19024);
    expect(classifyFailure(keywords)).toBe('permanent');
  });
});

describe('robot transport failures', () => {
  it.each<[string, { status: number; body: unknown }, 'transient' | 'permanent']>([
    ['HTTP 502 from a proxy', { status: 502, body: 'Bad Gateway' }, 'transient'],
    ['HTTP 429', { status: 429, body: 'Too Many Requests' }, 'transient'],
    ['HTTP 404 (wrong path)', { status: 404, body: 'Not Found' }, 'permanent'],
    ['HTTP 200 without a result code (not a robot)', { status: 200, body: '<html>welcome</html>' }, 'permanent'],
  ])('%s is %s', async (_t, reply, expected) => {
    const r = await receiver({ kind: 'wecom', script: [reply] });
    const err = await failureOf(sendRobot(buildRobotRequest('wecom', message, { url: r.url, now: new Date() })));
    expect(err).toBeInstanceOf(DeliveryError);
    expect(classifyFailure(err)).toBe(expected);
  });

  it.each<RobotKind>(['wecom', 'dingtalk', 'feishu'])('%s: an unreachable robot is a transient failure', async (kind) => {
    const url = `http://127.0.0.1:${await closedPort()}/hook?access_token=x`;
    const err = await failureOf(sendRobot(buildRobotRequest(kind, message, { url, secret: 's', now: new Date() })));
    expect(err).toBeInstanceOf(DeliveryError);
    expect(classifyFailure(err)).toBe('transient');
  });

  it('uses the injected fetch', async () => {
    const calls: string[] = [];
    const fakeFetch = (async (url: string | URL | Request) => {
      calls.push(String(url));
      return new Response(JSON.stringify({ errcode: 0, errmsg: 'ok' }), { status: 200 });
    }) as typeof fetch;
    await sendRobot({ kind: 'wecom', url: 'https://robot.invalid/send', body: {} }, fakeFetch);
    expect(calls).toEqual(['https://robot.invalid/send']);
  });
});

describe('security review, finding 5: an activity named with markup is literal text in every robot', () => {
  const link = 'https://summary.example.org/activities/a-1';
  const evil = renderMessage({
    activityName: '[点此领取](http://evil.example) <img src=x onerror=alert(1)> **粗体** `x` @all <at user_id="all"></at>\n第二行',
    deadlineKey: 'final',
    kind: 'overdue',
    dueAt: '2026-10-20T15:59:59.999Z',
    mustAct: '分管副会长 <@zhangsan>',
    link,
  });
  const now = new Date();
  /** Every string in a request body. */
  const strings = (v: unknown): string[] =>
    typeof v === 'string' ? [v] : v && typeof v === 'object' ? Object.values(v).flatMap(strings) : [];
  const withoutOwnLink = (s: string) => s.replaceAll(`[查看详情](${link})`, '').replaceAll(link, '');

  it.each(['wecom', 'dingtalk'] as const)('%s markdown: no link but the service’s, no tag, emphasis, code or mention', (kind) => {
    const body = buildRobotRequest(kind, evil, { url: 'https://robot.example/send', now }).body;
    const all = strings(body).join('\n');
    expect(all).toContain(`[查看详情](${link})`);
    for (const s of strings(body).map(withoutOwnLink)) {
      for (const syntax of ['](', '[', '<', '`', '**粗体**', '@', 'http://'])
        expect({ s, syntax, found: s.includes(syntax) }).toEqual({ s, syntax, found: false });
    }
  });

  it.each(['post', 'text'] as const)('feishu %s: no <at> mention, the only link element is the service’s', (feishuMsgType) => {
    const body = buildRobotRequest('feishu', evil, { url: 'https://robot.example/send', now, feishuMsgType }).body;
    for (const s of strings(body).map(withoutOwnLink)) {
      expect(s).not.toContain('<at');
      expect(s).not.toContain('<@');
      expect(s).not.toContain('http://');
    }
    const links = JSON.stringify(body).match(/"tag":"a"[^}]*/g) ?? [];
    expect(links).toEqual(feishuMsgType === 'post' ? [`"tag":"a","text":"${link}","href":"${link}"`] : []);
    expect(strings(body).join('\n')).toContain(link);
  });
});
