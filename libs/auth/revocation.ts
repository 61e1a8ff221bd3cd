/**
 * Revocation of access tokens: each token carries the user's `token_version` at issue (`tv`), and
 * the API refuses a token whose version is no longer the user's. Raising the version signs the
 * user out everywhere: a password change or reset, a deactivation, a sign-out.
 */
import type { EntityManager } from 'typeorm';

export async function revokeTokens(manager: EntityManager, userId: string): Promise<void> {
  await manager.query(`UPDATE users SET token_version = token_version + 1 WHERE id = $1`, [userId]);
}
