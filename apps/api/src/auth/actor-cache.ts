import { Injectable } from '@nestjs/common';
import type { UserEntity } from '../../../../libs/db/entities/user.entity.js';

/** What a token check needs of its user. */
export type TokenUser = Pick<UserEntity, 'id' | 'role' | 'departmentCode' | 'displayName' | 'tokenVersion' | 'active'>;

/**
 * How long a token check may answer from memory. A web page's burst of requests (to-do list,
 * inbox, configuration, the list it shows) reads the user once, not once per request; every
 * request used to cost a database round trip for it (npm run bench, profiled). A change made
 * through this process (sign-out, password change or reset, role, department, deactivation)
 * applies at once (`forget`); one made through another API process, at most this much later.
 */
export const ACTOR_CACHE_MS = 1_000;
/** Entries kept at most; beyond, the cache starts afresh (it is a burst absorber, not a directory). */
const MAX_ENTRIES = 10_000;

@Injectable()
export class ActorCache {
  private readonly entries = new Map<string, { user: TokenUser; until: number }>();
  /** Raised by every `forget`: a read that started before one must not be kept (it may be stale). */
  private generation = 0;

  /** The user from memory if read within ACTOR_CACHE_MS, else from `load` (and remembered). */
  async get(id: string, load: () => Promise<TokenUser | null>): Promise<TokenUser | null> {
    const now = Date.now();
    const hit = this.entries.get(id);
    if (hit && hit.until > now) return hit.user;
    const generation = this.generation;
    const user = await load();
    if (user && generation === this.generation) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(id, { user, until: now + ACTOR_CACHE_MS });
    } else {
      this.entries.delete(id);
    }
    return user;
  }

  /** The user changed (or their tokens were revoked): the next token check reads them again. */
  forget(id: string): void {
    this.generation++;
    this.entries.delete(id);
  }
}
