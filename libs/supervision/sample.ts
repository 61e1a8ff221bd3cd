/**
 * R-17 a reproducible random sample: each candidate is ranked by sha256(seed, id) and the `size`
 * lowest are drawn. The draw depends only on the seed and the set of candidates — not on the order
 * the database lists them in — so the same seed over the same period draws the same activities, in
 * the same order, and anyone can recompute it from the recorded seed.
 */
import { createHash, randomBytes } from 'node:crypto';

/** A fresh seed when the supervisor gives none: 16 random hex digits, recorded with the sample. */
export function newSeed(): string {
  return randomBytes(8).toString('hex');
}

export function rank(seed: string, id: string): string {
  return createHash('sha256').update(`${seed}\u0000${id}`).digest('hex');
}

/** The `size` candidates with the lowest rank under `seed`, lowest first (all of them when fewer). */
export function drawSample(candidates: readonly string[], size: number, seed: string): string[] {
  return [...new Set(candidates)]
    .map((id) => ({ id, rank: rank(seed, id) }))
    .sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0))
    .slice(0, Math.max(0, size))
    .map((c) => c.id);
}
