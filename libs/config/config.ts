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
  };
  worker: {
    maxCachedWorkflows: number;
    maxConcurrentActivities: number;
  };
}

export const DEFAULTS = {
  TEMPORAL_ADDRESS: '127.0.0.1:7233',
  TEMPORAL_NAMESPACE: 'default',
  TEMPORAL_TASK_QUEUE: 'activity-summary',
  TEMPORAL_UI_URL: 'http://localhost:8233',
  HOST: '0.0.0.0',
  PORT: '3000',
  WORKER_MAX_CACHED_WORKFLOWS: '500',
  WORKER_MAX_CONCURRENT_ACTIVITIES: '50',
} as const;

export class ConfigError extends Error {}

function int(env: NodeJS.ProcessEnv, name: keyof typeof DEFAULTS): number {
  const raw = env[name] ?? DEFAULTS[name];
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new ConfigError(`${name} must be a positive integer, got "${raw}"`);
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
    },
    worker: {
      maxCachedWorkflows: int(env, 'WORKER_MAX_CACHED_WORKFLOWS'),
      maxConcurrentActivities: int(env, 'WORKER_MAX_CONCURRENT_ACTIVITIES'),
    },
  };
}
