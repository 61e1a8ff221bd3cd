import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AppConfig } from '../../../../libs/config/config.js';
import { APP_CONFIG } from '../tokens.js';

/**
 * Temporary lockout of a username after repeated failed sign-ins (table `login_failures`): the
 * throttler slows one client down, this stops a slow or distributed guesser. In PostgreSQL, so it
 * holds across restarts and API processes. Keyed by the name as typed, known or not: an unknown
 * name locks exactly like a real one, so a lockout tells nothing about which accounts exist.
 */
@Injectable()
export class LoginLockout {
  private lastSweep = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Seconds `username` stays locked; 0 when it is not. */
  async lockedFor(username: string): Promise<number> {
    const rows = (await this.dataSource.query(
      `SELECT ceil(extract(epoch FROM locked_until - now()))::int AS seconds
         FROM login_failures WHERE username = $1 AND locked_until > now()`,
      [username],
    )) as Array<{ seconds: number }>;
    return rows[0]?.seconds ?? 0;
  }

  /**
   * Counts one failure in the current window (a new window starts when the last one is over). The
   * failure that reaches the limit locks the name and starts counting afresh; `lockedSeconds` is
   * then the lock's length, else 0. Only one of several concurrent failures performs the lock.
   */
  async recordFailure(username: string): Promise<{ failures: number; lockedSeconds: number }> {
    const { failures: limit, windowSeconds, lockSeconds } = this.config.security.lockout;
    const [counted] = (await this.dataSource.query(
      `INSERT INTO login_failures AS f (username, failures, window_started_at) VALUES ($1, 1, now())
       ON CONFLICT (username) DO UPDATE SET
         failures = CASE WHEN f.window_started_at <= now() - make_interval(secs => $2) THEN 1 ELSE f.failures + 1 END,
         window_started_at = CASE WHEN f.window_started_at <= now() - make_interval(secs => $2) THEN now() ELSE f.window_started_at END
       RETURNING failures`,
      [username, windowSeconds],
    )) as Array<{ failures: number }>;
    const failures = counted?.failures ?? 1;
    let lockedSeconds = 0;
    if (failures >= limit) {
      const locked = (await this.dataSource.query(
        `UPDATE login_failures SET locked_until = now() + make_interval(secs => $2), failures = 0, window_started_at = now()
          WHERE username = $1 AND failures >= $3 RETURNING username`,
        [username, lockSeconds, limit],
      )) as [unknown[], number];
      if (locked[1] > 0) lockedSeconds = lockSeconds;
    }
    await this.sweep();
    return { failures, lockedSeconds };
  }

  /** A successful sign-in, or an administrator's new password: the name starts with a clean slate. */
  async clear(username: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(`DELETE FROM login_failures WHERE username = $1`, [username]);
  }

  /** Rows of finished windows and expired locks, at most once a window per process: the table stays small. */
  private async sweep(): Promise<void> {
    const { windowSeconds } = this.config.security.lockout;
    if (Date.now() - this.lastSweep < windowSeconds * 1000) return;
    this.lastSweep = Date.now();
    await this.dataSource.query(
      `DELETE FROM login_failures
        WHERE window_started_at <= now() - make_interval(secs => $1) AND (locked_until IS NULL OR locked_until <= now())`,
      [windowSeconds],
    );
  }
}
