/** The token check's user cache: a burst reads the user once; a change through this process applies at once. */
import { jest } from '@jest/globals';
import { ACTOR_CACHE_MS, ActorCache, type TokenUser } from '../../../apps/api/src/auth/actor-cache.js';

const user = (tokenVersion: number): TokenUser => ({
  id: 'u1',
  role: 'staff',
  departmentCode: 'publicity',
  displayName: '编制人',
  tokenVersion,
  active: true,
});

afterEach(() => jest.useRealTimers());

it('answers a burst from one read, and reads again once ACTOR_CACHE_MS has passed', async () => {
  jest.useFakeTimers({ now: 0 });
  const cache = new ActorCache();
  let reads = 0;
  const load = async () => (reads++, user(reads));
  const burst = await Promise.all([cache.get('u1', load), cache.get('u1', load)]);
  // Concurrent misses each read (no request waits on another's query); later ones are hits.
  expect(reads).toBeLessThanOrEqual(2);
  const before = reads;
  expect((await cache.get('u1', load))!.tokenVersion).toBe(burst[1]!.tokenVersion);
  expect(reads).toBe(before);
  jest.setSystemTime(ACTOR_CACHE_MS + 1);
  await cache.get('u1', load);
  expect(reads).toBe(before + 1);
});

it('forget: the next check reads the user again (a sign-out, a password or role change in this process)', async () => {
  const cache = new ActorCache();
  await cache.get('u1', async () => user(0));
  cache.forget('u1');
  expect((await cache.get('u1', async () => user(1)))!.tokenVersion).toBe(1);
});

it('a read that started before a forget is answered but not kept: it may be from before the change', async () => {
  const cache = new ActorCache();
  let release!: () => void;
  const slow = cache.get('u1', () => new Promise<TokenUser>((r) => (release = () => r(user(0)))));
  cache.forget('u1'); // the change commits while the read is under way
  release();
  expect((await slow)!.tokenVersion).toBe(0);
  expect((await cache.get('u1', async () => user(1)))!.tokenVersion).toBe(1);
});

it('an unknown or deactivated user is never kept', async () => {
  const cache = new ActorCache();
  expect(await cache.get('u1', async () => null)).toBeNull();
  expect((await cache.get('u1', async () => user(3)))!.tokenVersion).toBe(3);
});
