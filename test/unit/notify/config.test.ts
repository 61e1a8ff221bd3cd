import { ConfigError } from '../../../libs/config/config.js';
import { loadNotifyConfig } from '../../../libs/notify/config.js';
import { groupRobots, personalChannels } from '../../../libs/notify/plan.js';

describe('loadNotifyConfig', () => {
  it('turns every channel off when nothing is configured (empty strings count as unset)', () => {
    expect(loadNotifyConfig({})).toMatchObject({ email: null, robots: { wecom: null, dingtalk: null, feishu: null } });
    expect(loadNotifyConfig({ SMTP_HOST: '', WECOM_WEBHOOK_URL: ' ' }).email).toBeNull();
  });

  it('applies the SMTP defaults: port 587, no implicit TLS, the system sender, no auth', () => {
    expect(loadNotifyConfig({ SMTP_HOST: 'smtp.example.org' }).email).toEqual({
      host: 'smtp.example.org',
      port: 587,
      secure: false,
      from: '活动总结系统 <no-reply@localhost>',
    });
  });

  it('reads every SMTP setting', () => {
    const c = loadNotifyConfig({
      SMTP_HOST: 'smtp.example.org',
      SMTP_PORT: '465',
      SMTP_SECURE: 'true',
      SMTP_USER: 'notify',
      SMTP_PASSWORD: ' s3cret ',
      SMTP_FROM: '影视协会 <notify@example.org>',
    });
    expect(c.email).toEqual({
      host: 'smtp.example.org',
      port: 465,
      secure: true,
      auth: { user: 'notify', pass: ' s3cret ' },
      from: '影视协会 <notify@example.org>',
    });
  });

  it('enables each robot by its URL, with its secret where it has one', () => {
    const c = loadNotifyConfig({
      WECOM_WEBHOOK_URL: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k',
      DINGTALK_WEBHOOK_URL: 'https://oapi.dingtalk.com/robot/send?access_token=t',
      DINGTALK_SECRET: 'SECabc',
      FEISHU_SECRET: 'ignored without a URL',
    });
    expect(c.robots).toEqual({
      wecom: { url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' },
      dingtalk: { url: 'https://oapi.dingtalk.com/robot/send?access_token=t', secret: 'SECabc' },
      feishu: null,
    });
  });

  it('gathers more than 5 messages in 10 minutes into digests, paces robots at 20 a minute, and has no daily digest by default', () => {
    expect(loadNotifyConfig({})).toMatchObject({
      batching: { limit: 5, windowMs: 600_000 },
      robotRate: { limit: 20, windowMs: 60_000 },
      dailyDigest: { enabled: false, hour: 9, minute: 0 },
    });
  });

  it('reads the digest and pacing settings; NOTIFY_BATCH_LIMIT=off sends every message on its own', () => {
    const c = loadNotifyConfig({
      NOTIFY_BATCH_LIMIT: '3',
      NOTIFY_BATCH_WINDOW_SECONDS: '30',
      NOTIFY_DAILY_DIGEST: 'true',
      NOTIFY_DAILY_DIGEST_AT: '8:30',
      ROBOT_RATE_LIMIT: '10',
      ROBOT_RATE_WINDOW_SECONDS: '1',
    });
    expect(c).toMatchObject({
      batching: { limit: 3, windowMs: 30_000 },
      robotRate: { limit: 10, windowMs: 1_000 },
      dailyDigest: { enabled: true, hour: 8, minute: 30 },
    });
    expect(loadNotifyConfig({ NOTIFY_BATCH_LIMIT: 'off' }).batching?.limit).toBe(Infinity);
  });

  it.each([
    [{ NOTIFY_BATCH_LIMIT: '0' }, /NOTIFY_BATCH_LIMIT must be a whole number from 1/],
    [{ NOTIFY_BATCH_WINDOW_SECONDS: '1.5' }, /NOTIFY_BATCH_WINDOW_SECONDS/],
    [{ ROBOT_RATE_LIMIT: 'many' }, /ROBOT_RATE_LIMIT/],
    [{ NOTIFY_DAILY_DIGEST_AT: '9am' }, /NOTIFY_DAILY_DIGEST_AT must be a time of day as HH:MM/],
    [{ NOTIFY_DAILY_DIGEST: 'sometimes' }, /NOTIFY_DAILY_DIGEST must be true or false/],
    [{ SMTP_HOST: 'h', SMTP_PORT: 'abc' }, /SMTP_PORT must be a port number/],
    [{ SMTP_HOST: 'h', SMTP_PORT: '70000' }, /SMTP_PORT/],
    [{ SMTP_HOST: 'h', SMTP_SECURE: 'maybe' }, /SMTP_SECURE must be true or false/],
    [{ SMTP_HOST: 'h', SMTP_USER: 'u' }, /SMTP_PASSWORD/],
    [{ FEISHU_WEBHOOK_URL: 'not a url' }, /FEISHU_WEBHOOK_URL is not a URL/],
    [{ WECOM_WEBHOOK_URL: 'ftp://x/y' }, /http\(s\)/],
  ])('refuses %j with a one-line reason', (env, message) => {
    expect(() => loadNotifyConfig(env)).toThrow(ConfigError);
    expect(() => loadNotifyConfig(env)).toThrow(message);
  });
});

describe('channel choice', () => {
  const withEmail = loadNotifyConfig({
    SMTP_HOST: 'smtp.example.org',
    FEISHU_WEBHOOK_URL: 'https://open.feishu.cn/open-apis/bot/v2/hook/x',
  });
  const without = loadNotifyConfig({});

  it('always uses the inbox; e-mail only with an address, the user’s consent and SMTP configured', () => {
    expect(personalChannels({ email: 'a@example.org' }, withEmail)).toEqual(['inbox', 'email']);
    expect(personalChannels({ email: 'a@example.org', wantsEmail: false }, withEmail)).toEqual(['inbox']);
    expect(personalChannels({ email: null }, withEmail)).toEqual(['inbox']);
    expect(personalChannels({ email: 'a@example.org' }, without)).toEqual(['inbox']);
  });

  it('lists the configured group robots', () => {
    expect(groupRobots(withEmail)).toEqual(['feishu']);
    expect(groupRobots(without)).toEqual([]);
  });
});
