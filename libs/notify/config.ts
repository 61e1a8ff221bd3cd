/**
 * Delivery settings from the environment. A channel whose address is unset is off (null), so a
 * development machine without SMTP or robots still runs; the in-app inbox is always on.
 * Empty strings count as unset: compose files often pass `VAR=` through.
 */
import { ConfigError } from '../config/config.js';
import type { EmailSenderConfig } from './channels/email.js';

export interface RobotConfig {
  url: string;
  secret?: string;
}

export interface NotifyConfig {
  email: EmailSenderConfig | null;
  robots: {
    wecom: RobotConfig | null;
    dingtalk: RobotConfig | null;
    feishu: RobotConfig | null;
  };
}

export const NOTIFY_DEFAULTS = {
  SMTP_PORT: 587,
  SMTP_SECURE: false,
  SMTP_FROM: '活动总结系统 <no-reply@localhost>',
} as const;

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
  };
}
