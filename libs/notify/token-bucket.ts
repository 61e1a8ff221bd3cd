/**
 * Pacing of the group robots. WeCom and DingTalk each take 20 messages a minute per robot (DingTalk
 * then mutes the robot for 10 minutes), so the sender waits for a token before each message
 * instead of learning the limit from a refusal.
 *
 * A bucket of `capacity` tokens refilled at `refillPerMs` lets through at most
 * capacity + refillPerMs · W messages in any span of W ms; `bucketForRate` picks both so that this
 * is the platform's limit. Buckets are per process (shared by every sender in it, per webhook URL:
 * `robotPacer`); several worker processes each have their own, so set the limit to the
 * platform's divided by the number of workers that send.
 */

export interface BucketConfig {
  capacity: number;
  refillPerMs: number;
}

export interface BucketState {
  tokens: number;
  /** Epoch ms of the last refill. */
  at: number;
}

/**
 * At most `limit` messages in any `windowMs` (endpoints included): a burst of `burst` tokens and
 * the rest refilled evenly over the window. With limit 20 per minute and burst 1, one message
 * every 3.16 s.
 */
export function bucketForRate(limit: number, windowMs: number, burst = 1): BucketConfig {
  if (!(limit >= 1) || !(windowMs > 0)) throw new RangeError(`a rate needs limit ≥ 1 and a window > 0, got ${limit} per ${windowMs} ms`);
  const capacity = Math.max(1, Math.min(burst, limit - 1));
  // limit 1: one token per window (two may fall on a window's two ends).
  return { capacity, refillPerMs: Math.max(1, limit - capacity) / windowMs };
}

export function fullBucket(config: BucketConfig, now: number): BucketState {
  return { tokens: config.capacity, at: now };
}

export function refill(state: BucketState, now: number, config: BucketConfig): BucketState {
  if (now <= state.at) return state;
  return { tokens: Math.min(config.capacity, state.tokens + (now - state.at) * config.refillPerMs), at: now };
}

/** Takes one token if there is one; otherwise says how long until there is. */
export function tryTake(state: BucketState, now: number, config: BucketConfig): { state: BucketState; taken: boolean; waitMs: number } {
  const s = refill(state, now, config);
  if (s.tokens >= 1) return { state: { tokens: s.tokens - 1, at: s.at }, taken: true, waitMs: 0 };
  return { state: s, taken: false, waitMs: Math.ceil((1 - s.tokens) / config.refillPerMs) };
}

/** A token given back unused (taken, then nothing was there to send). */
export function giveBack(state: BucketState, config: BucketConfig): BucketState {
  return { tokens: Math.min(config.capacity, state.tokens + 1), at: state.at };
}

export interface PacerClock {
  now: () => number;
  /** Rejects when `signal` aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const realClock: PacerClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      timer.unref(); // pacing never keeps a process alive
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** A bucket that callers wait on, first come first served. */
export class Pacer {
  private state: BucketState;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly config: BucketConfig,
    private readonly clock: PacerClock = realClock,
  ) {
    this.state = fullBucket(config, clock.now());
  }

  /** Resolves once a token is taken; rejects (taking none) when `signal` aborts first. */
  take(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(async () => {
      for (;;) {
        if (signal?.aborted) throw signal.reason;
        const r = tryTake(this.state, this.clock.now(), this.config);
        this.state = r.state;
        if (r.taken) return;
        await this.clock.sleep(r.waitMs, signal);
      }
    });
    // The next caller waits for this one's turn, whether it got a token or gave up.
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  giveBack(): void {
    this.state = giveBack(this.state, this.config);
  }
}

const pacers = new Map<string, Pacer>();

/**
 * The process's pacer of one robot webhook (its URL as configured, before any signature), so
 * that every sender in the process — the activities, the retrier, a second ledger — shares it.
 */
export function robotPacer(url: string, rate: { limit: number; windowMs: number }): Pacer {
  const key = `${rate.limit}/${rate.windowMs} ${url}`;
  let pacer = pacers.get(key);
  if (!pacer) {
    pacer = new Pacer(bucketForRate(rate.limit, rate.windowMs));
    pacers.set(key, pacer);
  }
  return pacer;
}
