import { drawSample, newSeed, rank } from '../../../libs/supervision/sample.js';

const ids = Array.from({ length: 200 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);

describe('R-17 reproducible random sample', () => {
  it('the same seed draws the same activities in the same order, whatever order they are listed in', () => {
    const a = drawSample(ids, 10, 'seed-1');
    expect(drawSample([...ids].reverse(), 10, 'seed-1')).toEqual(a);
    expect(a).toHaveLength(10);
    expect(new Set(a).size).toBe(10);
  });

  it('is the documented rule: the lowest sha256(seed, id) first', () => {
    const a = drawSample(ids, 5, 'abc');
    const expected = [...ids].sort((x, y) => rank('abc', x).localeCompare(rank('abc', y))).slice(0, 5);
    expect(a).toEqual(expected);
  });

  it('another seed draws another sample; a size beyond the population draws everyone', () => {
    expect(drawSample(ids, 10, 'seed-2')).not.toEqual(drawSample(ids, 10, 'seed-1'));
    expect(drawSample(ids.slice(0, 3), 10, 'x').sort()).toEqual(ids.slice(0, 3));
    expect(drawSample([], 5, 'x')).toEqual([]);
  });

  it('spreads: over many seeds every candidate of a small population gets drawn', () => {
    const small = ids.slice(0, 20);
    const drawn = new Set<string>();
    for (let i = 0; i < 100; i++) for (const id of drawSample(small, 2, `s${i}`)) drawn.add(id);
    expect(drawn.size).toBe(20);
    expect(newSeed()).toMatch(/^[0-9a-f]{16}$/);
  });
});
