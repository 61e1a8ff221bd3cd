import { batchDecision, inWindow, rateKey, windowOpensAt, type BatchPolicy } from '../../../libs/notify/batching.js';

const policy: BatchPolicy = { limit: 5, windowMs: 600_000 };
const MIN = 60_000;

describe('batchDecision: more than 5 within 10 minutes, per recipient and channel', () => {
  it('sends the first five of a burst on their own and holds the rest', () => {
    const sent: number[] = [];
    const decisions = Array.from({ length: 12 }, (_, i) => {
      const now = i * 1_000; // 12 escalations within a minute
      const d = batchDecision(sent, now, policy);
      if (d === 'send') sent.push(now);
      return d;
    });
    expect(decisions).toEqual([...Array<string>(5).fill('send'), ...Array<string>(7).fill('hold')]);
  });

  it('counts only the window ending now: a message exactly one window old has left it', () => {
    const sent = [0, 1 * MIN, 2 * MIN, 3 * MIN, 4 * MIN];
    expect(batchDecision(sent, 9 * MIN, policy)).toBe('hold');
    expect(batchDecision(sent, 10 * MIN - 1, policy)).toBe('hold');
    expect(batchDecision(sent, 10 * MIN, policy)).toBe('send');
    expect(inWindow(sent, 10 * MIN, policy)).toBe(4);
  });

  it('counts digests like any message: a digest takes one place in the window', () => {
    const individual = [0, 1, 2, 3];
    expect(batchDecision(individual, 10, policy)).toBe('send');
    expect(batchDecision([...individual, 5 /* a digest */], 10, policy)).toBe('hold');
  });

  it('never holds with batching off (limit Infinity)', () => {
    const sent = Array.from({ length: 1_000 }, (_, i) => i);
    expect(batchDecision(sent, 1_000, { limit: Infinity, windowMs: 600_000 })).toBe('send');
  });

  it('keys the limit by channel and recipient: a group robot is one recipient', () => {
    expect(rateKey('email', 'dept_head')).toBe('email:dept_head');
    expect(rateKey('dingtalk', 'group')).not.toBe(rateKey('wecom', 'group'));
  });
});

describe('windowOpensAt: when held items may go out as one digest', () => {
  it('is now while the window has room', () => {
    expect(windowOpensAt([0, 1, 2], 100, policy)).toBe(100);
  });

  it('is the moment the fifth-newest message leaves the window', () => {
    const sent = [0, 1 * MIN, 2 * MIN, 3 * MIN, 4 * MIN, 5 * MIN /* a digest */];
    // Five newest: 1…5 min; the oldest of them (1 min) leaves at 11 min.
    expect(windowOpensAt(sent, 6 * MIN, policy)).toBe(11 * MIN);
    expect(batchDecision(sent, 11 * MIN - 1, policy)).toBe('hold');
    expect(batchDecision(sent, 11 * MIN, policy)).toBe('send');
  });
});
