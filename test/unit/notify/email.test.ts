/**
 * Against a real SMTP server (`smtp-server`) on a free local port: what arrives is what a
 * mail relay would get.
 */
import { createEmailSender, formatMessageId } from '../../../libs/notify/channels/email.js';
import { dedupeKey } from '../../../libs/notify/dedupe.js';
import { renderMessage } from '../../../libs/notify/message.js';
import { classifyFailure, deliver } from '../../../libs/notify/retry.js';
import { closedPort, decodeHeader, parseMail, startSmtpServer, type TestSmtpServer } from '../../../chaos/receivers/smtp.js';

const message = renderMessage({
  activityName: '2026青年导演论坛',
  deadlineKey: 'draft',
  kind: 'overdue',
  dueAt: '2026-10-15T15:59:59.999Z',
  mustAct: '编制人 张三（宣传部）',
  link: 'https://summary.example.org/activities/a-1',
});
const key = dedupeKey({ workflowId: 'activity-a-1', deadlineKey: 'draft', kind: 'overdue', recipient: 'user-7', channel: 'email' });
const FROM = '活动总结系统 <notify@example.org>';
const mail = { to: 'zhang.san@example.org', subject: message.title, text: message.text, messageId: key };

describe('e-mail over SMTP', () => {
  let server: TestSmtpServer;
  beforeAll(async () => {
    server = await startSmtpServer({
      users: { notify: 'p@ss word' },
      rejectRecipient: (a) => (a.startsWith('gone@') ? 550 : a.startsWith('busy@') ? 451 : undefined),
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.mails.length = 0;
  });
  const sender = () =>
    createEmailSender({ host: '127.0.0.1', port: server.port, secure: false, auth: { user: 'notify', pass: 'p@ss word' }, from: FROM });

  it('delivers the Chinese message with a Message-ID made from the dedupe key', async () => {
    const s = sender();
    const receipt = await s.send({ ...mail, html: `<p>${message.title}</p>` });
    s.close();

    expect(receipt.accepted).toEqual(['zhang.san@example.org']);
    expect(receipt.rejected).toEqual([]);
    expect(receipt.messageId).toBe(`<${key}@example.org>`);

    expect(server.mails).toHaveLength(1);
    const got = server.mails[0]!;
    expect(got.user).toBe('notify');
    expect(got.envelopeFrom).toBe('notify@example.org');
    expect(got.envelopeTo).toEqual(['zhang.san@example.org']);
    const parsed = parseMail(got.raw);
    expect(parsed.headers.get('message-id')).toBe(`<${key}@example.org>`);
    expect(decodeHeader(parsed.headers.get('subject') ?? '')).toBe('【已逾期】2026青年导演论坛：总结初稿提交');
    expect(decodeHeader(parsed.headers.get('from') ?? '')).toBe(FROM);
    expect(parsed.headers.get('to')).toBe('zhang.san@example.org');
    const text = parsed.parts.get('text/plain') ?? '';
    expect(text.replace(/\r\n/g, '\n')).toBe(message.text);
    expect(text).toContain('截止时间：2026年10月15日 23:59');
    expect(parsed.parts.get('text/html')).toContain('【已逾期】2026青年导演论坛');
  });

  it('a resend of the same notification carries the same Message-ID, so it is recognisable downstream', async () => {
    const s = sender();
    await s.send(mail);
    await s.send(mail);
    s.close();
    const ids = server.mails.map((m) => parseMail(m.raw).headers.get('message-id'));
    expect(ids).toEqual([`<${key}@example.org>`, `<${key}@example.org>`]);
  });

  it('a recipient refused with 550 is a permanent failure; with 451 a transient one', async () => {
    const s = sender();
    const gone = await s.send({ ...mail, to: 'gone@example.org' }).catch((e: unknown) => e);
    const busy = await s.send({ ...mail, to: 'busy@example.org' }).catch((e: unknown) => e);
    s.close();
    expect(gone).toMatchObject({ responseCode: 550 });
    expect(classifyFailure(gone)).toBe('permanent');
    expect(busy).toMatchObject({ responseCode: 451 });
    expect(classifyFailure(busy)).toBe('transient');
    expect(server.mails).toHaveLength(0);
  });

  it('wrong credentials are a permanent failure', async () => {
    const s = createEmailSender({
      host: '127.0.0.1',
      port: server.port,
      secure: false,
      auth: { user: 'notify', pass: 'wrong' },
      from: FROM,
    });
    const err = await s.send(mail).catch((e: unknown) => e);
    s.close();
    expect(err).toMatchObject({ code: 'EAUTH', responseCode: 535 });
    expect(classifyFailure(err)).toBe('permanent');
  });
});

describe('security review, finding 5: an activity named with markup is text in the e-mail', () => {
  let server: TestSmtpServer;
  beforeAll(async () => {
    server = await startSmtpServer({ users: { notify: 'p@ss word' } });
  });
  afterAll(() => server.close());

  it('the HTML part escapes the name; its only link is the service’s; the subject stays one line', async () => {
    const name = '[点此领取](http://evil.example) <img src=x onerror=alert(1)> **粗体**\n<a href="http://evil.example">登录</a>';
    const evil = renderMessage({
      activityName: name,
      deadlineKey: 'draft',
      kind: 'overdue',
      dueAt: '2026-10-15T15:59:59.999Z',
      mustAct: '编制人 <script>alert(1)</script>（宣传部）',
      link: 'https://summary.example.org/activities/a-1',
    });
    const s = createEmailSender({
      host: '127.0.0.1',
      port: server.port,
      secure: false,
      auth: { user: 'notify', pass: 'p@ss word' },
      from: FROM,
    });
    await s.send({ to: 'zhang.san@example.org', subject: evil.title, text: evil.text, html: evil.html, messageId: key });
    s.close();

    const parsed = parseMail(server.mails[0]!.raw);
    const html = parsed.parts.get('text/html') ?? '';
    expect(html).not.toMatch(/<img|<script|<a href="http:\/\/evil/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html.match(/<a /g)).toEqual(['<a ']);
    expect(html).toContain('<a href="https://summary.example.org/activities/a-1">查看详情</a>');
    expect(decodeHeader(parsed.headers.get('subject') ?? '')).toBe(`【已逾期】${name.replace('\n', ' ')}：总结初稿提交`);
    expect((parsed.parts.get('text/plain') ?? '').replace(/\r\n/g, '\n')).toBe(evil.text);
  });
});

describe('e-mail when the SMTP server is unreachable', () => {
  it('fails transiently, so it is retried, and deliver() reports it without throwing', async () => {
    const port = await closedPort();
    const s = createEmailSender({ host: '127.0.0.1', port, secure: false, from: FROM });
    const err = await s.send(mail).catch((e: unknown) => e);
    expect(err).toHaveProperty('message'); // not toBeInstanceOf(Error): socket errors come from Node's realm, not jest's
    expect((err as { originalCode?: string; code?: string }).originalCode ?? (err as { code?: string }).code).toBe('ECONNREFUSED');
    expect(classifyFailure(err)).toBe('transient');

    const outcome = await deliver(() => s.send(mail), { attempts: 3, baseMs: 1, maxMs: 5 });
    s.close();
    expect(outcome).toMatchObject({ ok: false, permanent: false, attempts: 3 });
  });
});

describe('e-mail with implicit TLS (SMTP_SECURE=true)', () => {
  it('speaks TLS from the first byte', async () => {
    const server = await startSmtpServer({ secure: true });
    try {
      // smtp-server's built-in certificate is self-signed for localhost.
      const s = createEmailSender({ host: '127.0.0.1', port: server.port, secure: true, from: FROM, tls: { rejectUnauthorized: false } });
      await s.send(mail);
      s.close();
      expect(server.mails).toHaveLength(1);
      expect(server.mails[0]!.secure).toBe(true);
    } finally {
      await server.close();
    }
  });
});

describe('formatMessageId', () => {
  it.each([
    ['n1-abc', '活动总结系统 <notify@example.org>', '<n1-abc@example.org>'],
    ['n1-abc', 'notify@mail.example.org', '<n1-abc@mail.example.org>'],
    ['n1-abc', 'no address', '<n1-abc@localhost>'],
    ['<given@elsewhere>', 'notify@example.org', '<given@elsewhere>'],
  ])('%s from %s → %s', (k, from, expected) => {
    expect(formatMessageId(k, from)).toBe(expected);
  });
});
