import { dedupeKey, type DedupeInput } from '../../../libs/notify/dedupe.js';

const base: DedupeInput = {
  workflowId: 'activity-0f3c',
  deadlineKey: 'draft',
  kind: 'overdue',
  recipient: 'user-42',
  channel: 'email',
};

describe('dedupeKey: one key per (workflow, deadline, kind, recipient, channel, occurrence)', () => {
  it('is short, versioned and stable across runs and releases (stored keys must keep matching)', () => {
    const key = dedupeKey(base);
    expect(key).toMatch(/^n1-[0-9a-f]{32}$/);
    expect(dedupeKey({ ...base })).toBe(key);
    // Golden value: if this changes, every stored key stops matching and everything is resent.
    expect(key).toBe('n1-41268fd99d6a81549737af065bb4b41d');
  });

  it.each([
    ['workflowId', { workflowId: 'activity-other' }],
    ['deadlineKey', { deadlineKey: 'final' }],
    ['kind', { kind: 'reminder' }],
    ['recipient', { recipient: 'user-43' }],
    ['channel', { channel: 'inbox' }],
    ['occurrence', { occurrence: 2 }],
  ] as const)('changes when %s changes', (_field, change) => {
    expect(dedupeKey({ ...base, ...change })).not.toBe(dedupeKey(base));
  });

  it('treats a missing occurrence as the first one, and tells the 2nd revision deadline apart', () => {
    const revision = { ...base, deadlineKey: 'revision' } as const;
    expect(dedupeKey({ ...revision, occurrence: 1 })).toBe(dedupeKey(revision));
    expect(dedupeKey({ ...revision, occurrence: 2 })).not.toBe(dedupeKey({ ...revision, occurrence: 3 }));
  });

  it('keeps fields apart: moving characters between fields gives another key', () => {
    expect(dedupeKey({ ...base, workflowId: 'a|b', recipient: 'c' })).not.toBe(dedupeKey({ ...base, workflowId: 'a', recipient: 'b|c' }));
  });

  it('refuses an occurrence that is not a positive integer', () => {
    expect(() => dedupeKey({ ...base, occurrence: 0 })).toThrow(RangeError);
    expect(() => dedupeKey({ ...base, occurrence: 1.5 })).toThrow(RangeError);
  });
});
