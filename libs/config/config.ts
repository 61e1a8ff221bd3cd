import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { LifecycleSettings } from '../domain/lifecycle.js';
import { ed25519PemFromSeed, loadRetiredPublicKeys, loadSigningKey } from '../signature/signature.js';

/**
 * The one place that reads environment variables. Everything else receives an AppConfig,
 * so tests and the launcher can build one explicitly. README "Configuration" lists these.
 */
export interface AppConfig {
  /** postgres://… — the launcher sets it to the embedded cluster when the user gave none. */
  databaseUrl: string;
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    /** Link printed for ops; the dev server serves it on port 8233. */
    uiUrl: string;
  };
  api: {
    host: string;
    port: number;
    /** Base URL used in links (notifications, printed URLs). */
    publicUrl: string;
    /** Deadline of an update (lifecycle message) or workflow start sent to Temporal; then 503. */
    temporalRpcTimeoutMs: number;
    /** Deadline of a workflow state query; then the projection answers (or a pre-check is skipped). */
    temporalQueryTimeoutMs: number;
  };
  worker: {
    maxCachedWorkflows: number;
    maxConcurrentActivities: number;
  };
  auth: {
    /** HMAC key of the access tokens (HS256). */
    jwtSecret: string;
    tokenTtlSeconds: number;
  };
  signing: {
    /** PKCS#8 PEM of the Ed25519 key that signs summary versions. */
    privateKeyPem: string;
    /** PEM public keys of earlier signing keys: their signatures still verify after a rotation. */
    retiredPublicKeysPem: string;
  };
  attachments: {
    /** Absolute folder of the uploaded files (`<dir>/<activityId>/<attachmentId>`). */
    dir: string;
    /** Largest accepted upload; larger ones are refused with 413 while they stream in. */
    maxBytes: number;
    /** Most attachments one activity may have; a further upload is refused with 413 before its body is read. */
    maxPerActivity: number;
  };
  /**
   * The lifecycle's adjustable periods. The API records the whole object in each workflow's input
   * at registration, so a running lifecycle keeps the settings it started with.
   */
  lifecycle: LifecycleSettings;
}

/**
 * Used outside production when JWT_SECRET is unset, so `npm start` and the tests need no setup.
 * It is public (it is in the source): the API warns when it runs with it.
 */
export const DEV_JWT_SECRET = 'development-only-jwt-secret-do-not-use-in-production';
/** HS256 keys shorter than the hash output are guessable offline from one token. */
const MIN_JWT_SECRET_LENGTH = 32;

export const DEFAULTS = {
  TEMPORAL_ADDRESS: '127.0.0.1:7233',
  TEMPORAL_NAMESPACE: 'default',
  TEMPORAL_TASK_QUEUE: 'activity-summary',
  TEMPORAL_UI_URL: 'http://localhost:8233',
  HOST: '0.0.0.0',
  PORT: '3000',
  WORKER_MAX_CACHED_WORKFLOWS: '500',
  WORKER_MAX_CONCURRENT_ACTIVITIES: '50',
  JWT_TTL_SECONDS: '28800',
  ATTACHMENTS_MAX_BYTES: '20971520',
  ATTACHMENTS_MAX_PER_ACTIVITY: '50',
  LIFECYCLE_REMINDER_WORKING_DAYS: '1',
  LIFECYCLE_SPECIAL_MEETING_WORKING_DAYS: '5',
  LIFECYCLE_FEEDBACK_MONTHS: '1',
  LIFECYCLE_RETENTION_YEARS: '3',
  TEMPORAL_RPC_TIMEOUT_MS: '10000',
  TEMPORAL_QUERY_TIMEOUT_MS: '3000',
} as const;

/** Inclusive bounds of the lifecycle settings: beyond them a value is a typo, not a policy. */
export const LIFECYCLE_BOUNDS = {
  /** SPEC §3: reminders 1 working day before by default; 0 turns reminders off. */
  LIFECYCLE_REMINDER_WORKING_DAYS: [0, 10],
  /** the VP and SG are reminded after 5 working days without a meeting record. */
  LIFECYCLE_SPECIAL_MEETING_WORKING_DAYS: [1, 60],
  /** feedback within 1 calendar month of archiving. */
  LIFECYCLE_FEEDBACK_MONTHS: [1, 12],
  /** kept 3 years after archiving (permanent summaries are never disposed of). */
  LIFECYCLE_RETENTION_YEARS: [1, 100],
} as const satisfies Record<string, readonly [number, number]>;

export class ConfigError extends Error {}

function int(env: NodeJS.ProcessEnv, name: keyof typeof DEFAULTS): number {
  const raw = env[name] ?? DEFAULTS[name];
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new ConfigError(`${name} must be a positive integer, got "${raw}"`);
  return n;
}

/** A whole number within LIFECYCLE_BOUNDS; anything else stops the start-up with the allowed range. */
function boundedInt(env: NodeJS.ProcessEnv, name: keyof typeof LIFECYCLE_BOUNDS): number {
  const raw = env[name] ?? DEFAULTS[name];
  const [min, max] = LIFECYCLE_BOUNDS[name];
  const n = /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= min && n <= max)) throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    throw new ConfigError('DATABASE_URL is not set (npm start sets it to the embedded PostgreSQL)');
  }
  const port = int(env, 'PORT');
  return {
    databaseUrl,
    temporal: {
      address: env.TEMPORAL_ADDRESS ?? DEFAULTS.TEMPORAL_ADDRESS,
      namespace: env.TEMPORAL_NAMESPACE ?? DEFAULTS.TEMPORAL_NAMESPACE,
      taskQueue: env.TEMPORAL_TASK_QUEUE ?? DEFAULTS.TEMPORAL_TASK_QUEUE,
      uiUrl: env.TEMPORAL_UI_URL ?? DEFAULTS.TEMPORAL_UI_URL,
    },
    api: {
      host: env.HOST ?? DEFAULTS.HOST,
      port,
      publicUrl: env.PUBLIC_URL ?? `http://localhost:${port}`,
      temporalRpcTimeoutMs: int(env, 'TEMPORAL_RPC_TIMEOUT_MS'),
      temporalQueryTimeoutMs: int(env, 'TEMPORAL_QUERY_TIMEOUT_MS'),
    },
    worker: {
      maxCachedWorkflows: int(env, 'WORKER_MAX_CACHED_WORKFLOWS'),
      maxConcurrentActivities: int(env, 'WORKER_MAX_CONCURRENT_ACTIVITIES'),
    },
    auth: { jwtSecret: jwtSecret(env), tokenTtlSeconds: int(env, 'JWT_TTL_SECONDS') },
    signing: { privateKeyPem: signingKey(env), retiredPublicKeysPem: retiredSigningKeys(env) },
    attachments: {
      // Absolute, so the API and the worker agree whatever their working directory.
      dir: path.resolve(env.ATTACHMENTS_DIR || path.join(env.DATA_DIR || '.data', 'attachments')),
      maxBytes: int(env, 'ATTACHMENTS_MAX_BYTES'),
      maxPerActivity: int(env, 'ATTACHMENTS_MAX_PER_ACTIVITY'),
    },
    lifecycle: {
      reminderWorkingDaysBefore: boundedInt(env, 'LIFECYCLE_REMINDER_WORKING_DAYS'),
      specialMeetingReminderWorkingDays: boundedInt(env, 'LIFECYCLE_SPECIAL_MEETING_WORKING_DAYS'),
      feedbackMonths: boundedInt(env, 'LIFECYCLE_FEEDBACK_MONTHS'),
      retentionYears: boundedInt(env, 'LIFECYCLE_RETENTION_YEARS'),
    },
  };
}

/**
 * Used outside production when SIGNING_KEY is unset. Public like DEV_JWT_SECRET: signatures made
 * with it prove nothing, and each signature record names its key id, so they stay recognisable.
 */
export const DEV_SIGNING_KEY_PEM = ed25519PemFromSeed(createHash('sha256').update('development-only-signing-key').digest());

function signingKey(env: NodeJS.ProcessEnv): string {
  // A PEM in one env line usually arrives with literal "\n"s.
  const pem = env.SIGNING_KEY_FILE ? readFileSync(env.SIGNING_KEY_FILE, 'utf8') : env.SIGNING_KEY?.replace(/\\n/g, '\n');
  if (!pem) {
    if (env.NODE_ENV !== 'production') return DEV_SIGNING_KEY_PEM;
    throw new ConfigError(
      'SIGNING_KEY or SIGNING_KEY_FILE must hold an Ed25519 private key (PKCS#8 ' +
        'PEM) when NODE_ENV=production (e.g. openssl genpkey -algorithm ed25519)',
    );
  }
  if (env.NODE_ENV === 'production' && pem.trim() === DEV_SIGNING_KEY_PEM.trim()) {
    throw new ConfigError('SIGNING_KEY is the public development key; generate a private one for production');
  }
  try {
    loadSigningKey(pem);
  } catch (err) {
    throw new ConfigError(`SIGNING_KEY is not a usable Ed25519 private key: ${(err as Error).message}`);
  }
  return pem;
}

function retiredSigningKeys(env: NodeJS.ProcessEnv): string {
  const pems = env.SIGNING_RETIRED_PUBLIC_KEYS_FILE
    ? readFileSync(env.SIGNING_RETIRED_PUBLIC_KEYS_FILE, 'utf8')
    : (env.SIGNING_RETIRED_PUBLIC_KEYS ?? '').replace(/\\n/g, '\n');
  try {
    loadRetiredPublicKeys(pems);
  } catch (err) {
    throw new ConfigError(`SIGNING_RETIRED_PUBLIC_KEYS: ${(err as Error).message}`);
  }
  return pems;
}

function jwtSecret(env: NodeJS.ProcessEnv): string {
  const secret = env.JWT_SECRET;
  if (env.NODE_ENV !== 'production') return secret || DEV_JWT_SECRET;
  if (!secret || secret === DEV_JWT_SECRET || secret.length < MIN_JWT_SECRET_LENGTH) {
    throw new ConfigError(
      `JWT_SECRET must be set to a private value of at least ${MIN_JWT_SECRET_LENGTH} ` +
        `characters when NODE_ENV=production (e.g. openssl rand -hex 32)`,
    );
  }
  return secret;
}
