/**
 * The Temporal SDK's logger interface over pino, installed as the worker's `Runtime` logger
 * (apps/worker/src/logging.ts): the SDK's own lines (worker state, activity failures, workflow task
 * failures), the Rust core's forwarded lines and every `log` call of workflows and activities come
 * out in the same JSON format as the API's, with the SDK's attributes (workflowId, activityType,
 * attempt, requestId from our interceptors…) as fields.
 */
import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import { compactError, type Logger } from './logger.js';

const LEVELS = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

/** Attributes the SDK adds that say nothing to a reader; a task token even completes the task for whoever holds it. */
const DROPPED = new Set(['taskToken', 'isLocal']);

export class PinoTemporalLogger implements TemporalLogger {
  constructor(private readonly pino: Logger) {}

  log(level: LogLevel, message: string, meta: LogMetadata = {}): void {
    const method = LEVELS[level] ?? 'info';
    if (!this.pino.isLevelEnabled(method)) return;
    const fields: Record<string, unknown> = {};
    // Symbol keys (the SDK's LogTimestamp) are not own enumerable string keys: left out.
    for (const [key, value] of Object.entries(meta)) {
      if (DROPPED.has(key) || value === undefined) continue;
      fields[key] = value instanceof Error ? compactError(value, level === 'ERROR') : value;
    }
    this.pino[method](fields, message);
  }

  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}
