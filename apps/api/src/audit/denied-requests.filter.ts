import { Catch, HttpException, Inject, Injectable, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { normalizeIp } from '@nestjs/throttler';
import type { AppConfig } from '../../../../libs/config/config.js';
import type { ApiRequest } from '../auth/request.js';
import { tooManyAttempts } from '../auth/too-many-requests.js';
import { ApiError } from '../common/api-error.js';
import { APP_CONFIG } from '../tokens.js';
import { AuditService } from './audit.service.js';
import { isAudited } from './audited.js';

/**
 * Refusals per client address in fixed windows; in memory (one API process): what it bounds is the
 * rate of audit rows one client can cause. Entries of past windows are swept once a window.
 */
export class DenialCounter {
  private readonly windows = new Map<string, { count: number; endsAt: number }>();
  private nextSweep = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Counts one refusal of `key`: whether it is over the limit, whether it is the first one over, and the window's rest. */
  hit(key: string, now = Date.now()): { over: boolean; firstOver: boolean; retryAfterSeconds: number } {
    if (now >= this.nextSweep) {
      for (const [k, w] of this.windows) if (w.endsAt <= now) this.windows.delete(k);
      this.nextSweep = now + this.windowMs;
    }
    let w = this.windows.get(key);
    if (!w || w.endsAt <= now) {
      w = { count: 0, endsAt: now + this.windowMs };
      this.windows.set(key, w);
    }
    w.count += 1;
    return { over: w.count > this.limit, firstOver: w.count === this.limit + 1, retryAfterSeconds: Math.ceil((w.endsAt - now) / 1000) };
  }
}

const PATH_MAX = 512;

function statusOf(exception: unknown): number | undefined {
  if (exception instanceof ApiError) return exception.toBody().statusCode;
  if (exception instanceof HttpException) return exception.getStatus();
  return undefined;
}

function reasonOf(exception: unknown): string | undefined {
  return exception instanceof ApiError ? exception.details[0]?.code : undefined;
}

/**
 * Every 401 and 403 is recorded in the audit log as `auth.denied` (status, reason, route, and the
 * actor or the token's user when known; address, user agent and request id as every row), before
 * the answer goes out. A client address gets THROTTLE_DENIED_PER_ADDRESS of them per window; beyond
 * that its refused requests are answered 429 instead, with one `auth.denied.throttled` row per
 * window, so a flood of bad tokens cannot write rows faster than that. Wraps the API's exception
 * filter, which still shapes every answer.
 */
@Injectable()
export class DeniedRequestsFilter {
  private readonly logger = new Logger(DeniedRequestsFilter.name);
  private readonly counter: DenialCounter;

  constructor(
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    const { limit, windowSeconds } = config.security.throttle.denied;
    this.counter = new DenialCounter(limit, windowSeconds * 1000);
  }

  /** The global filter: `inner` answers, after a refusal is audited (or turned into a 429). */
  around(inner: ExceptionFilter): ExceptionFilter {
    return new ScreenedExceptionFilter(this, inner);
  }

  async screen(exception: unknown, host: ArgumentsHost): Promise<unknown> {
    const status = statusOf(exception);
    if (host.getType() !== 'http' || (status !== 401 && status !== 403) || isAudited(exception)) return exception;
    const req = host.switchToHttp().getRequest<ApiRequest>();
    // The address as the throttler sees it (an IPv6 address by its /64).
    const hit = this.counter.hit(normalizeIp(req.ip ?? '', 64));
    const route = (req.route as { path?: string } | undefined)?.path ?? null;
    // The path as sent is the caller's text: bounded like the user agent.
    const details = { status, reason: reasonOf(exception) ?? null, method: req.method, route, path: req.path.slice(0, PATH_MAX) };
    if (hit.over) {
      // The first refusal over the limit is recorded, the rest of the window only counted.
      if (hit.firstOver) await this.record(req, 'auth.denied.throttled', { ...details, ...this.config.security.throttle.denied });
      return tooManyAttempts('denied', hit.retryAfterSeconds);
    }
    await this.record(req, 'auth.denied', details);
    return exception;
  }

  private async record(req: ApiRequest, action: string, details: Record<string, unknown>): Promise<void> {
    await this.audit
      .record({
        actor: req.actor ?? null,
        action,
        // A token that verified but was refused (revoked, account disabled): the row names whose it was.
        targetType: !req.actor && req.tokenSubject ? 'user' : null,
        targetId: req.actor ? null : (req.tokenSubject ?? null),
        request: req,
        details: { ...details, ...(req.tokenSubject && !req.actor ? { tokenSubject: req.tokenSubject } : {}) },
      })
      .catch((err: unknown) => this.logger.error(`audit row not written for a refused ${req.method} ${req.path}: ${String(err)}`));
  }
}

@Catch()
class ScreenedExceptionFilter implements ExceptionFilter {
  constructor(
    private readonly denied: DeniedRequestsFilter,
    private readonly inner: ExceptionFilter,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    void this.denied.screen(exception, host).then(
      (answer) => this.inner.catch(answer, host),
      () => this.inner.catch(exception, host),
    );
  }
}
