/**
 * Delivery settings from the environment. A channel whose address is unset is off (null), so a
 * development machine without SMTP or robots still runs; the in-app inbox is always on.
 * Empty strings count as unset: compose files often pass `VAR=` through.
 */
import { ConfigError } from '../config/config.js';
import { DEFAULT_BATCH_POLICY, type BatchPolicy } from './batching.js';
import type { EmailSenderConfig } from './channels/email.js';

export interface RobotConfig {
  url: string;
  secret?: string;
}

export interface DailyDigestConfig {
  enabled: boolean;
  /** Local time (Asia/Shanghai) from which the day's digest goes out, on working days. */
  hour: number;
  minute: number;
}

export interface NotifyConfig {
  email: EmailSenderConfig | null;
  robots: {
    wecom: RobotConfig | null;
    dingtalk: RobotConfig | null;
    feishu: RobotConfig | null;
  };
  /** E-mail and robot messages per recipient and channel before they are gathered into digests; defaults when absent. */
  batching?: BatchPolicy;
  /** The morning digest of open overdue items; off when absent. */
  dailyDigest?: DailyDigestConfig;
  /** Messages per robot webhook (token bucket, per process); defaults when absent. */
  robotRate?: { limit: number; windowMs: number };
}

export const NOTIFY_DEFAULTS = {
  SMTP_PORT: 587,
  SMTP_SECURE: false,
  SMTP_FROM: '活动总结系统 <no-reply@localhost>',
  NOTIFY_BATCH_LIMIT: 5,
  NOTIFY_BATCH_WINDOW_SECONDS: 600,
  NOTIFY_DAILY_DIGEST: false,
  NOTIFY_DAILY_DIGEST_AT: '09:00',
  // WeCom and DingTalk: 20 messages a minute per robot.
  ROBOT_RATE_LIMIT: 20,
  ROBOT_RATE_WINDOW_SECONDS: 60,
} as const;

export const batchingOf = (c: NotifyConfig): BatchPolicy => c.batching ?? DEFAULT_BATCH_POLICY;
export const robotRateOf = (c: NotifyConfig) =>
  c.robotRate ?? { limit: NOTIFY_DEFAULTS.ROBOT_RATE_LIMIT, windowMs: NOTIFY_DEFAULTS.ROBOT_RATE_WINDOW_SECONDS * 1000 };

type Env = Record<string, string | undefined>;

const value = (env: Env, name: string): string | undefined => {
  const v = env[name]?.trim();
  return v ? v : undefined;
};

function port(env: Env): number {
  const raw = value(env, 'SMTP_PORT');
  if (raw === undefined) return NOTIFY_DEFAULTS.SMTP_PORT;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new ConfigError(`SMTP_PORT must be a port number, got "${raw}"`);
  return n;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = value(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['true', '1', 'yes'].includes(raw)) return true;
  if (['false', '0', 'no'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`);
}

function robot(env: Env, urlVar: string, secretVar?: string): RobotConfig | null {
  const url = value(env, urlVar);
  if (url === undefined) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`${urlVar} is not a URL`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new ConfigError(`${urlVar} must be an http(s) URL`);
  const secret = secretVar ? value(env, secretVar) : undefined;
  return secret ? { url, secret } : { url };
}

function positiveInt(env: Env, name: string, fallback: number, max: number): number {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new ConfigError(`${name} must be a whole number from 1 to ${max}, got "${raw}"`);
  return n;
}

function batching(env: Env): BatchPolicy {
  const off = value(env, 'NOTIFY_BATCH_LIMIT')?.toLowerCase() === 'off';
  return {
    limit: off ? Infinity : positiveInt(env, 'NOTIFY_BATCH_LIMIT', NOTIFY_DEFAULTS.NOTIFY_BATCH_LIMIT, 10_000),
    windowMs: positiveInt(env, 'NOTIFY_BATCH_WINDOW_SECONDS', NOTIFY_DEFAULTS.NOTIFY_BATCH_WINDOW_SECONDS, 86_400) * 1000,
  };
}

function dailyDigest(env: Env): DailyDigestConfig {
  const at = value(env, 'NOTIFY_DAILY_DIGEST_AT') ?? NOTIFY_DEFAULTS.NOTIFY_DAILY_DIGEST_AT;
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(at);
  if (!m) throw new ConfigError(`NOTIFY_DAILY_DIGEST_AT must be a time of day as HH:MM, got "${at}"`);
  return { enabled: bool(env, 'NOTIFY_DAILY_DIGEST', NOTIFY_DEFAULTS.NOTIFY_DAILY_DIGEST), hour: Number(m[1]), minute: Number(m[2]) };
}

export function loadNotifyConfig(env: Env = process.env): NotifyConfig {
  const host = value(env, 'SMTP_HOST');
  let email: EmailSenderConfig | null = null;
  if (host) {
    const user = value(env, 'SMTP_USER');
    const pass = env.SMTP_PASSWORD; // kept verbatim: a password may start or end with a space
    if (user && !pass) throw new ConfigError('SMTP_USER is set but SMTP_PASSWORD is not');
    email = {
      host,
      port: port(env),
      secure: bool(env, 'SMTP_SECURE', NOTIFY_DEFAULTS.SMTP_SECURE),
      from: value(env, 'SMTP_FROM') ?? NOTIFY_DEFAULTS.SMTP_FROM,
      ...(user && pass ? { auth: { user, pass } } : {}),
    };
  }
  return {
    email,
    robots: {
      wecom: robot(env, 'WECOM_WEBHOOK_URL'),
      dingtalk: robot(env, 'DINGTALK_WEBHOOK_URL', 'DINGTALK_SECRET'),
      feishu: robot(env, 'FEISHU_WEBHOOK_URL', 'FEISHU_SECRET'),
    },
    batching: batching(env),
    dailyDigest: dailyDigest(env),
    robotRate: {
      limit: positiveInt(env, 'ROBOT_RATE_LIMIT', NOTIFY_DEFAULTS.ROBOT_RATE_LIMIT, 10_000),
      windowMs: positiveInt(env, 'ROBOT_RATE_WINDOW_SECONDS', NOTIFY_DEFAULTS.ROBOT_RATE_WINDOW_SECONDS, 3_600) * 1000,
    },
  };
}
