/** The worker's retry loop, against a fake ledger: bounded batches, one round at a time, clean stop. */
import type { DeliveryLedger, SendResult } from '../../../activities/delivery-ledger.js';
import { jest } from '@jest/globals';
import { DeliveryRetrier } from '../../../apps/worker/src/delivery-retrier.js';

function fakeLedger(channels: DeliveryLedger['channels'] = ['email']) {
  const calls: number[] = [];
  let release: (() => void) | undefined;
  const ledger = {
    channels,
    sendDue: (limit: number) => {
      calls.push(limit);
      return new Promise<SendResult[]>((resolve) => (release = () => resolve([])));
    },
    sendForEscalations: async () => [],
    kickRobots() {},
    stop: async () => {},
    close() {},
  } satisfies DeliveryLedger;
  return { ledger, calls, release: () => release?.() };
}

describe('DeliveryRetrier', () => {
  it('asks for one bounded batch per round and joins a round still running instead of starting another', async () => {
    const f = fakeLedger();
    const retrier = new DeliveryRetrier(f.ledger, { batchSize: 7 });
    const a = retrier.runOnce();
    const b = retrier.runOnce();
    expect(b).toBe(a);
    expect(f.calls).toEqual([7]);
    f.release();
    await a;
    void retrier.runOnce();
    expect(f.calls).toEqual([7, 7]);
    f.release();
  });

  it('runs on its interval once started and, stopped, waits for the round in flight', async () => {
    jest.useFakeTimers();
    try {
      const f = fakeLedger();
      const retrier = new DeliveryRetrier(f.ledger, { intervalMs: 1_000 });
      retrier.start();
      expect(retrier.running).toBe(true);
      jest.advanceTimersByTime(2_500);
      expect(f.calls).toHaveLength(1); // the second tick joined the first, still running
      let stopped = false;
      const stopping = retrier.stop().then(() => (stopped = true));
      await Promise.resolve();
      expect(stopped).toBe(false);
      f.release();
      await stopping;
      jest.advanceTimersByTime(5_000);
      expect(f.calls).toHaveLength(1);
      expect(retrier.running).toBe(false);
    } finally {
      jest.useRealTimers();
    }
  });

  it('writes the due digests before each round sends, and sends even when writing them failed', async () => {
    const f = fakeLedger();
    const order: string[] = [];
    const errors: unknown[] = [];
    let fail = false;
    const digests = {
      round: async () => {
        order.push('digests');
        if (fail) throw new Error('database away');
      },
    };
    const retrier = new DeliveryRetrier(f.ledger, { batchSize: 3 }, (e) => errors.push(e), digests);
    const first = retrier.runOnce();
    await new Promise((r) => setImmediate(r));
    order.push(`sendDue(${f.calls.join()})`);
    f.release();
    await first;
    fail = true;
    const second = retrier.runOnce();
    await new Promise((r) => setImmediate(r));
    f.release();
    await second;
    expect(order).toEqual(['digests', 'sendDue(3)', 'digests']);
    expect(f.calls).toEqual([3, 3]);
    expect(errors).toEqual([new Error('database away')]);
  });

  it('does not start when only the inbox is configured: there is nothing to resend', () => {
    const retrier = new DeliveryRetrier(fakeLedger([]).ledger);
    retrier.start();
    expect(retrier.running).toBe(false);
  });
});
