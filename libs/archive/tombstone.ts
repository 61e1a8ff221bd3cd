/**
 * what remains of a destroyed summary: what was destroyed, who decided, when, and the
 * content hash, signed with the service's Ed25519 key (libs/signature) so that anyone holding
 * the public key can check that the record was not altered.
 */
import { sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../summary/hash.js';
import { SIGNATURE_ALGORITHM, type SigningKey } from '../signature/signature.js';

export const TOMBSTONE_SCHEME = 'archive-tombstone/v1';

export interface DestroyedManifest {
  /** Every version of the summary (their documents, reviews and signatures went with them). */
  versions: Array<{ id: string; versionNo: number; contentHash: string; submitted: boolean }>;
  attachments: Array<{ id: string; kind: string; sha256: string; size: number; storageKey: string }>;
  /** The electronic archive copy, when one was stored. */
  archiveCopy: { key: string; electronicName: string; folder: string; paperLabel: string; sha256: string | null } | null;
}

export interface TombstoneStatement {
  activityId: string;
  activityName: string;
  activityType: string;
  destroyed: DestroyedManifest;
  /** sha256 of the final version's canonical document (null when no version was ever submitted). */
  contentHash: string | null;
  decidedBy: { userId: string; role: string };
  /** When the disposal decision was taken (the workflow's time), ISO-8601. */
  decidedAt: string;
  reason: string | null;
  /** When the deletion started, ISO-8601 with milliseconds. */
  destroyedAt: string;
}

export function tombstoneBytes(statement: TombstoneStatement): Buffer {
  return Buffer.from(canonicalJson({ scheme: TOMBSTONE_SCHEME, ...statement }), 'utf8');
}

export function signTombstone(key: SigningKey, statement: TombstoneStatement): { algorithm: string; keyId: string; signature: string } {
  return {
    algorithm: SIGNATURE_ALGORITHM,
    keyId: key.keyId,
    signature: sign(null, tombstoneBytes(statement), key.privateKey).toString('base64'),
  };
}

export function verifyTombstone(publicKey: KeyObject, statement: TombstoneStatement, signature: string): boolean {
  try {
    return verify(null, tombstoneBytes(statement), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
