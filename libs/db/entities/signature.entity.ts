import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { SignaturePurpose } from '../../signature/signature.js';

/**
 * An electronic signature: who signed which exact version (by content hash), when, why,
 * and the Ed25519 signature over those facts (libs/signature). Append-only.
 */
@Entity({ name: 'signatures' })
export class SignatureEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'activity_id' })
  activityId: string;

  @Column('uuid', { name: 'version_id' })
  versionId: string;

  @Column('integer', { name: 'version_no' })
  versionNo: number;

  /** The review this signature concludes; null for the compiler's signature. */
  @Column('uuid', { name: 'review_id', nullable: true })
  reviewId: string | null;

  @Column('text')
  purpose: SignaturePurpose;

  @Column('text', { name: 'signer_id' })
  signerId: string;

  @Column('text', { name: 'signer_name' })
  signerName: string;

  @Column('text', { name: 'signer_role' })
  signerRole: string;

  @Column('timestamptz', { name: 'signed_at' })
  signedAt: Date;

  @Column('text', { name: 'content_hash' })
  contentHash: string;

  @Column('text')
  algorithm: string;

  @Column('text', { name: 'key_id' })
  keyId: string;

  /** base64 signature over the canonical statement (libs/signature/signature.ts). */
  @Column('text')
  value: string;
}
