import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { LifecycleSettings } from '../domain/lifecycle.js';
import { isPubliclyKnownKey, loadRetiredPublicKeys, loadSigningKey } from '../signature/signature.js';

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
    /**
     * TLS to the frontend (Temporal Cloud, a self-hosted cluster with TLS): `false` for plain
     * connections (the dev server), else the optional CA, client certificate pair (mTLS) and SNI.
     */
    tls: false | { serverName?: string; ca?: Buffer; cert?: Buffer; key?: Buffer };
    /** Temporal Cloud API key (sent as a bearer token; implies TLS). */
    apiKey?: string;
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
    /** API processes sharing the port (node:cluster; README "Scaling out"); 1: this process serves. */
    processes: number;
  };
  worker: {
    maxCachedWorkflows: number;
    maxConcurrentActivities: number;
    /** File touched every 10 s while the worker polls, for a container health check; '' = none. */
    livenessFile: string;
    /** Prebuilt workflow bundle (apps/worker/src/bundle.ts); '' = bundle the sources at start. */
    workflowBundle: string;
  };
  auth: {
    /** HMAC key of the access tokens (HS256). */
    jwtSecret: string;
    tokenTtlSeconds: number;
  };
  /** Brute-force limits, lockout and the browser-facing policy (README "Configuration"). */
  security: SecurityConfig;
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
  document: {
    /** Whose summaries these are: the first words of every title, e.g. XX影视协会. */
    associationName: string;
  };
  archive: {
    /** Absolute folder of the archive copies: `活动总结/<年>/<类型>/<名称>.docx` under it. */
    dir: string;
  };
  /**
   * The lifecycle's adjustable periods. The API records the whole object in each workflow's input
   * at registration, so a running lifecycle keeps the settings it started with.
   */
  lifecycle: LifecycleSettings;
  /** What the API and the worker log, and how (README "Logs"). */
  log: LogSettings;
}

/** pino's levels; `silent` logs nothing. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LogSettings {
  level: LogLevel;
  /** Human-readable lines (pino-pretty) instead of JSON; `auto`: when stdout is a terminal. */
  pretty: 'auto' | boolean;
}

/** At most this many requests of one kind in one window; more are answered 429 until the window ends. */
export interface RateLimit {
  limit: number;
  windowSeconds: number;
}

export interface SecurityConfig {
  throttle: {
    /** Sign-in attempts per username (known or not), whatever the address. */
    loginPerUsername: RateLimit;
    /** Sign-in attempts per client address, whatever the username. */
    loginPerAddress: RateLimit;
    /** Own-password changes per signed-in user. */
    passwordChange: RateLimit;
    /** 401 and 403 answers per client address; beyond, such requests get 429 (and are not audited one by one). */
    denied: RateLimit;
  };
  /** Failed sign-ins of one username in `windowSeconds` that lock it for `lockSeconds` (kept in PostgreSQL). */
  lockout: { failures: number; windowSeconds: number; lockSeconds: number };
  /** Origins allowed to call the API from a browser (CORS); empty: CORS stays off. */
  corsOrigins: string[];
}

/** HS256 keys shorter than the hash output are guessable offline from one token. */
const MIN_JWT_SECRET_LENGTH = 32;
/**
 * sha256 of the JWT secret the first releases used when none was set: it was in the source, so
 * anyone could sign tokens with it. Only its hash is kept, to refuse it as JWT_SECRET.
 */
const PUBLIC_JWT_SECRET_SHA256 = 'bfdf944e84c1d328d81bb379147b340e78a22deee14e51427ca94043956f7fc2';

export const DEFAULTS = {
  TEMPORAL_ADDRESS: '127.0.0.1:7233',
  TEMPORAL_NAMESPACE: 'default',
  TEMPORAL_TASK_QUEUE: 'activity-summary',
  TEMPORAL_UI_URL: 'http://localhost:8233',
  HOST: '127.0.0.1',
  PORT: '3000',
  API_PROCESSES: '1',
  WORKER_MAX_CACHED_WORKFLOWS: '500',
  WORKER_MAX_CONCURRENT_ACTIVITIES: '50',
  WORKER_LIVENESS_FILE: '',
  WORKFLOW_BUNDLE: '',
  JWT_TTL_SECONDS: '28800',
  ATTACHMENTS_MAX_BYTES: '20971520',
  ATTACHMENTS_MAX_PER_ACTIVITY: '50',
  LIFECYCLE_REMINDER_WORKING_DAYS: '1',
  LIFECYCLE_SPECIAL_MEETING_WORKING_DAYS: '5',
  LIFECYCLE_FEEDBACK_MONTHS: '1',
  LIFECYCLE_RETENTION_YEARS: '3',
  TEMPORAL_RPC_TIMEOUT_MS: '10000',
  TEMPORAL_QUERY_TIMEOUT_MS: '3000',
  THROTTLE_WINDOW_SECONDS: '60',
  THROTTLE_LOGIN_PER_USERNAME: '5',
  THROTTLE_LOGIN_PER_ADDRESS: '30',
  THROTTLE_PASSWORD_CHANGE: '5',
  THROTTLE_DENIED_PER_ADDRESS: '60',
  LOGIN_LOCKOUT_FAILURES: '10',
  LOGIN_LOCKOUT_WINDOW_SECONDS: '900',
  LOGIN_LOCKOUT_SECONDS: '900',
  CORS_ORIGINS: '',
  LOG_LEVEL: 'info',
  LOG_PRETTY: 'auto',
  ASSOCIATION_NAME: 'XX影视协会',
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

type IntSetting = {
  [K in keyof typeof DEFAULTS]: (typeof DEFAULTS)[K] extends '' | 'info' | 'auto' ? never : K;
}[keyof typeof DEFAULTS];

function int(env: NodeJS.ProcessEnv, name: IntSetting): number {
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

/**
 * TEMPORAL_TLS (true/false; on by default with an API key or a client certificate), with
 * TEMPORAL_TLS_CA_FILE, TEMPORAL_TLS_CERT_FILE + TEMPORAL_TLS_KEY_FILE (mTLS, both or neither)
 * and TEMPORAL_TLS_SERVER_NAME. Files are read here: a wrong path stops the start-up by name.
 */
function temporalTls(env: NodeJS.ProcessEnv): AppConfig['temporal']['tls'] {
  const { TEMPORAL_TLS: flag, TEMPORAL_TLS_CA_FILE: ca, TEMPORAL_TLS_CERT_FILE: cert, TEMPORAL_TLS_KEY_FILE: key } = env;
  if (flag !== undefined && flag !== 'true' && flag !== 'false') throw new ConfigError(`TEMPORAL_TLS must be true or false, got "${flag}"`);
  if (!cert !== !key) throw new ConfigError('TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE go together (mTLS): set both or neither');
  const on = flag === undefined ? Boolean(env.TEMPORAL_API_KEY || cert || ca) : flag === 'true';
  if (!on) return false;
  const file = (name: string, p: string | undefined) => {
    if (!p) return undefined;
    try {
      return readFileSync(p);
    } catch (err) {
      throw new ConfigError(`${name}: cannot read ${p} (${(err as Error).message})`);
    }
  };
  return {
    ...(env.TEMPORAL_TLS_SERVER_NAME ? { serverName: env.TEMPORAL_TLS_SERVER_NAME } : {}),
    ...(ca ? { ca: file('TEMPORAL_TLS_CA_FILE', ca) } : {}),
    ...(cert ? { cert: file('TEMPORAL_TLS_CERT_FILE', cert), key: file('TEMPORAL_TLS_KEY_FILE', key) } : {}),
  };
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
      tls: temporalTls(env),
      ...(env.TEMPORAL_API_KEY ? { apiKey: env.TEMPORAL_API_KEY } : {}),
    },
    api: {
      host: env.HOST ?? DEFAULTS.HOST,
      port,
      publicUrl: env.PUBLIC_URL ?? `http://localhost:${port}`,
      temporalRpcTimeoutMs: int(env, 'TEMPORAL_RPC_TIMEOUT_MS'),
      temporalQueryTimeoutMs: int(env, 'TEMPORAL_QUERY_TIMEOUT_MS'),
      processes: int(env, 'API_PROCESSES'),
    },
    worker: {
      maxCachedWorkflows: int(env, 'WORKER_MAX_CACHED_WORKFLOWS'),
      maxConcurrentActivities: int(env, 'WORKER_MAX_CONCURRENT_ACTIVITIES'),
      livenessFile: env.WORKER_LIVENESS_FILE ?? DEFAULTS.WORKER_LIVENESS_FILE,
      workflowBundle: env.WORKFLOW_BUNDLE ?? DEFAULTS.WORKFLOW_BUNDLE,
    },
    auth: { jwtSecret: jwtSecret(env), tokenTtlSeconds: int(env, 'JWT_TTL_SECONDS') },
    security: securityConfig(env),
    signing: { privateKeyPem: signingKey(env), retiredPublicKeysPem: retiredSigningKeys(env) },
    attachments: {
      // Absolute, so the API and the worker agree whatever their working directory.
      dir: path.resolve(env.ATTACHMENTS_DIR || path.join(env.DATA_DIR || '.data', 'attachments')),
      maxBytes: int(env, 'ATTACHMENTS_MAX_BYTES'),
      maxPerActivity: int(env, 'ATTACHMENTS_MAX_PER_ACTIVITY'),
    },
    document: { associationName: associationName(env) },
    // Absolute like the attachments; `npm run backup` copies the same folder (scripts/backup.mjs).
    archive: { dir: path.resolve(env.ARCHIVE_DIR || path.join(env.DATA_DIR || '.data', 'archive')) },
    lifecycle: {
      reminderWorkingDaysBefore: boundedInt(env, 'LIFECYCLE_REMINDER_WORKING_DAYS'),
      specialMeetingReminderWorkingDays: boundedInt(env, 'LIFECYCLE_SPECIAL_MEETING_WORKING_DAYS'),
      feedbackMonths: boundedInt(env, 'LIFECYCLE_FEEDBACK_MONTHS'),
      retentionYears: boundedInt(env, 'LIFECYCLE_RETENTION_YEARS'),
    },
    log: logSettings(env),
  };
}

function logSettings(env: NodeJS.ProcessEnv): LogSettings {
  const level = (env.LOG_LEVEL || DEFAULTS.LOG_LEVEL).trim().toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  }
  const pretty = (env.LOG_PRETTY || DEFAULTS.LOG_PRETTY).trim().toLowerCase();
  if (pretty !== 'auto' && pretty !== 'true' && pretty !== 'false') {
    throw new ConfigError(`LOG_PRETTY must be auto, true or false, got "${env.LOG_PRETTY}"`);
  }
  return { level: level as LogLevel, pretty: pretty === 'auto' ? 'auto' : pretty === 'true' };
}

function associationName(env: NodeJS.ProcessEnv): string {
  const name = (env.ASSOCIATION_NAME ?? DEFAULTS.ASSOCIATION_NAME).trim();
  if (!name || name.length > 50 || /[\u0000-\u001f<>]/.test(name)) {
    throw new ConfigError(`ASSOCIATION_NAME must be 1–50 characters without control characters or < >, got "${name}"`);
  }
  return name;
}

const KEYS_HINT = '`npm start` generates both into DATA_DIR (.data/keys/) on its first start';

function signingKey(env: NodeJS.ProcessEnv): string {
  // A PEM in one env line usually arrives with literal "\n"s.
  const pem = env.SIGNING_KEY_FILE ? readPem(env.SIGNING_KEY_FILE) : env.SIGNING_KEY?.replace(/\\n/g, '\n');
  if (!pem?.trim()) {
    throw new ConfigError(
      'SIGNING_KEY or SIGNING_KEY_FILE must hold an Ed25519 private key (PKCS#8 PEM; ' +
        `openssl genpkey -algorithm ed25519 makes one; ${KEYS_HINT})`,
    );
  }
  let key;
  try {
    key = loadSigningKey(pem);
  } catch (err) {
    throw new ConfigError(`SIGNING_KEY is not a usable Ed25519 private key: ${(err as Error).message}`);
  }
  if (isPubliclyKnownKey(key)) {
    throw new ConfigError(`SIGNING_KEY is the retired development key ${key.keyId}, whose private half is public; generate a new one`);
  }
  return pem;
}

function readPem(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`SIGNING_KEY_FILE ${file} cannot be read: ${(err as Error).message}`);
  }
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

/** Required everywhere: a service that signs tokens with a key anyone can read lets anyone in. */
function jwtSecret(env: NodeJS.ProcessEnv): string {
  const secret = env.JWT_SECRET ?? '';
  if (secret.length < MIN_JWT_SECRET_LENGTH) {
    throw new ConfigError(
      `JWT_SECRET must be set to a private value of at least ${MIN_JWT_SECRET_LENGTH} characters ` +
        `(e.g. openssl rand -hex 32; ${KEYS_HINT})`,
    );
  }
  if (createHash('sha256').update(secret).digest('hex') === PUBLIC_JWT_SECRET_SHA256) {
    throw new ConfigError('JWT_SECRET is the public development secret of the first releases; generate a new one');
  }
  return secret;
}

function rateLimit(env: NodeJS.ProcessEnv, name: IntSetting, windowSeconds: number): RateLimit {
  return { limit: int(env, name), windowSeconds };
}

function securityConfig(env: NodeJS.ProcessEnv): SecurityConfig {
  const window = int(env, 'THROTTLE_WINDOW_SECONDS');
  const origins = (env.CORS_ORIGINS ?? DEFAULTS.CORS_ORIGINS)
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of origins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin.replace(/\/$/, '')) {
      throw new ConfigError(`CORS_ORIGINS: "${origin}" is not an origin (scheme://host[:port], e.g. https://portal.example.org)`);
    }
  }
  return {
    throttle: {
      loginPerUsername: rateLimit(env, 'THROTTLE_LOGIN_PER_USERNAME', window),
      loginPerAddress: rateLimit(env, 'THROTTLE_LOGIN_PER_ADDRESS', window),
      passwordChange: rateLimit(env, 'THROTTLE_PASSWORD_CHANGE', window),
      denied: rateLimit(env, 'THROTTLE_DENIED_PER_ADDRESS', window),
    },
    lockout: {
      failures: int(env, 'LOGIN_LOCKOUT_FAILURES'),
      windowSeconds: int(env, 'LOGIN_LOCKOUT_WINDOW_SECONDS'),
      lockSeconds: int(env, 'LOGIN_LOCKOUT_SECONDS'),
    },
    corsOrigins: origins.map((o) => o.replace(/\/$/, '')),
  };
}
