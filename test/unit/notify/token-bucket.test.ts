import {
  Pacer,
  bucketForRate,
  fullBucket,
  giveBack,
  refill,
  robotPacer,
  tryTake,
  type PacerClock,
} from '../../../libs/notify/token-bucket.js';

/** Sends as fast as the bucket allows for `spanMs` and returns the send times. */
function sendGreedily(limit: number, windowMs: number, spanMs: number, stepMs = 1): number[] {
  const config = bucketForRate(limit, windowMs);
  let state = fullBucket(config, 0);
  const times: number[] = [];
  for (let now = 0; now <= spanMs; now += stepMs) {
    for (;;) {
      const r = tryTake(state, now, config);
      state = r.state;
      if (!r.taken) break;
      times.push(now);
    }
  }
  return times;
}

/** The most sends in any closed window [t, t + windowMs]. */
function busiestWindow(times: number[], windowMs: number): number {
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! > windowMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe('token bucket', () => {
  it('WeCom / DingTalk: never more than 20 messages in any minute, and close to 20 a minute sustained', () => {
    const times = sendGreedily(20, 60_000, 10 * 60_000);
    expect(busiestWindow(times, 60_000)).toBeLessThanOrEqual(20);
    expect(busiestWindow(times, 60_000)).toBeGreaterThanOrEqual(19);
    // One at once, then one every 60/19 s (3.158 s on a millisecond clock): 189 more in ten minutes.
    expect(times.slice(0, 3)).toEqual([0, 3_158, 6_316]);
    expect(times).toHaveLength(190);
  });

  it.each([
    [3, 1_000],
    [1, 1_000],
    [5, 60_000],
    [100, 60_000],
  ])('holds %i per %i ms in every window', (limit, windowMs) => {
    const times = sendGreedily(limit, windowMs, 20 * windowMs, Math.max(1, windowMs / 1000));
    // A limit of 1 may put two on a window's two ends; every other limit holds for closed windows.
    expect(busiestWindow(times, limit === 1 ? windowMs - 1 : windowMs)).toBeLessThanOrEqual(limit);
  });

  it('refills over time up to its capacity, and says how long until the next token', () => {
    const config = bucketForRate(3, 1_000); // capacity 1, 2 tokens a second
    expect(config).toEqual({ capacity: 1, refillPerMs: 0.002 });
    let s = fullBucket(config, 0);
    let r = tryTake(s, 0, config);
    expect(r.taken).toBe(true);
    s = r.state;
    r = tryTake(s, 100, config);
    expect(r).toMatchObject({ taken: false, waitMs: 400 });
    expect(refill(s, 10_000, config).tokens).toBe(1);
    expect(giveBack(fullBucket(config, 0), config).tokens).toBe(1);
  });

  it('refuses a rate that cannot be kept', () => {
    expect(() => bucketForRate(0, 60_000)).toThrow(RangeError);
    expect(() => bucketForRate(20, 0)).toThrow(RangeError);
  });
});

describe('Pacer', () => {
  /** A clock that moves only when someone sleeps on it. */
  const fakeClock = () => {
    let t = 0;
    const clock: PacerClock & { t: () => number } = {
      now: () => t,
      sleep: async (ms, signal) => {
        if (signal?.aborted) throw signal.reason;
        t += ms;
      },
      t: () => t,
    };
    return clock;
  };

  it('lets concurrent callers through one at a time, spaced by the refill', async () => {
    const clock = fakeClock();
    const pacer = new Pacer(bucketForRate(20, 60_000), clock);
    const at: number[] = [];
    await Promise.all(Array.from({ length: 4 }, () => pacer.take().then(() => at.push(clock.t()))));
    expect(at).toEqual([0, 3_158, 6_316, 9_474]);
  });

  it('takes a token given back again at once', async () => {
    const clock = fakeClock();
    const pacer = new Pacer(bucketForRate(20, 60_000), clock);
    await pacer.take();
    pacer.giveBack();
    await pacer.take();
    expect(clock.t()).toBe(0);
  });

  it('stops waiting when aborted, and the next caller still gets its turn', async () => {
    const clock = fakeClock();
    const pacer = new Pacer(bucketForRate(20, 60_000), clock);
    await pacer.take();
    const aborted = new AbortController();
    aborted.abort(new Error('closing'));
    await expect(pacer.take(aborted.signal)).rejects.toThrow('closing');
    await pacer.take();
    expect(clock.t()).toBe(3_158);
  });

  it('is one per webhook URL and rate in the process, whoever asks', () => {
    const rate = { limit: 20, windowMs: 60_000 };
    expect(robotPacer('https://oapi.dingtalk.com/robot/send?access_token=a', rate)).toBe(
      robotPacer('https://oapi.dingtalk.com/robot/send?access_token=a', { ...rate }),
    );
    expect(robotPacer('https://oapi.dingtalk.com/robot/send?access_token=b', rate)).not.toBe(
      robotPacer('https://oapi.dingtalk.com/robot/send?access_token=a', rate),
    );
  });
});
