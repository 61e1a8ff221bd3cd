import { randomUUID, type KeyObject } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AppConfig } from '../../../../libs/config/config.js';
import { SignatureEntity } from '../../../../libs/db/entities/signature.entity.js';
import { SummaryVersionEntity } from '../../../../libs/db/entities/summary-version.entity.js';
import type { Actor } from '../../../../libs/domain/roles.js';
import {
  SIGNATURE_ALGORITHM,
  loadSigningKey,
  retiredVerifiers,
  signStatement,
  verifyStatement,
  type SignaturePurpose,
  type SignatureStatement,
  type SigningKey,
} from '../../../../libs/signature/signature.js';
import { contentHash } from '../../../../libs/summary/index.js';
import { APP_CONFIG } from '../tokens.js';
import type { SignatureView, SigningPublicKeyView, VerifiedSignatureView } from './dto/signature-view.dto.js';

/** Signs summary versions for the signer the API authenticated, and checks stored signatures. */
@Injectable()
export class SignaturesService implements OnApplicationBootstrap {
  private readonly logger = new Logger(SignaturesService.name);
  private readonly key: SigningKey;
  /** Verifying keys by key id: the current one, every configured retired one and the built-in retired ones. */
  private readonly verifiers: Map<string, KeyObject>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.key = loadSigningKey(config.signing.privateKeyPem);
    this.verifiers = new Map([...retiredVerifiers(config.signing.retiredPublicKeysPem), [this.key.keyId, this.key.publicKey]]);
  }

  onApplicationBootstrap(): void {
    this.logger.log(`summaries are signed with key ${this.key.keyId} (GET /api/signatures/public-key)`);
  }

  publicKey(): SigningPublicKeyView {
    return { algorithm: SIGNATURE_ALGORITHM, keyId: this.key.keyId, publicKeyPem: this.key.publicKeyPem };
  }

  /**
   * Signs `version` inside the caller's transaction, so a signature exists exactly when the
   * act it concludes (submission, review, special meeting) is recorded. Idempotent: one per
   * review, one compile and one special-meeting signature per version.
   */
  async sign(
    manager: EntityManager,
    version: Pick<SummaryVersionEntity, 'id' | 'activityId' | 'versionNo' | 'contentHash'>,
    purpose: SignaturePurpose,
    actor: Actor,
    reviewId: string | null = null,
  ): Promise<SignatureView> {
    const statement: SignatureStatement = {
      activityId: version.activityId,
      versionId: version.id,
      versionNo: version.versionNo,
      contentHash: version.contentHash,
      purpose,
      signerId: actor.userId,
      signerName: actor.displayName ?? actor.userId,
      signerRole: actor.role,
      signedAt: new Date().toISOString(),
    };
    const row = Object.assign(new SignatureEntity(), {
      ...statement,
      signedAt: new Date(statement.signedAt),
      id: randomUUID(),
      reviewId,
      algorithm: SIGNATURE_ALGORITHM,
      keyId: this.key.keyId,
      value: signStatement(this.key, statement),
    });
    // A retry of the same act keeps the first signature (unique per compile and per review).
    await manager.createQueryBuilder().insert().into(SignatureEntity).values(row).orIgnore().execute();
    const stored = await manager.findOneByOrFail(SignatureEntity, reviewId ? { reviewId } : { versionId: version.id, purpose });
    return toView(stored);
  }

  /** Every signature of one version, each checked against the key and the stored document. */
  async forVersion(versionId: string): Promise<VerifiedSignatureView[]> {
    const [rows, version] = await Promise.all([
      this.dataSource.getRepository(SignatureEntity).find({ where: { versionId }, order: { signedAt: 'ASC' } }),
      this.dataSource.getRepository(SummaryVersionEntity).findOneBy({ id: versionId }),
    ]);
    const actualHash = version ? contentHash(version.document) : null;
    return rows.map((row) => this.verify(row, actualHash));
  }

  private verify(row: SignatureEntity, actualHash: string | null): VerifiedSignatureView {
    const view = toView(row);
    const problems: string[] = [];
    const publicKey = this.verifiers.get(row.keyId);
    if (!publicKey)
      problems.push(`signed with key ${row.keyId}, which is neither the current key nor a retired one (SIGNING_RETIRED_PUBLIC_KEYS)`);
    const statement: SignatureStatement = {
      activityId: row.activityId,
      versionId: row.versionId,
      versionNo: row.versionNo,
      contentHash: row.contentHash,
      purpose: row.purpose,
      signerId: row.signerId,
      signerName: row.signerName,
      signerRole: row.signerRole,
      signedAt: row.signedAt.toISOString(),
    };
    if (publicKey && !verifyStatement(publicKey, statement, row.value))
      problems.push('the signature does not match the recorded signer, time or hash');
    if (actualHash !== row.contentHash) problems.push('the stored document no longer has the hash that was signed');
    return { ...view, valid: problems.length === 0, problems };
  }
}

export function toView(row: SignatureEntity): SignatureView {
  return {
    id: row.id,
    versionId: row.versionId,
    versionNo: row.versionNo,
    reviewId: row.reviewId,
    purpose: row.purpose,
    signer: { userId: row.signerId, name: row.signerName, role: row.signerRole },
    signedAt: row.signedAt.toISOString(),
    contentHash: row.contentHash,
    algorithm: row.algorithm,
    keyId: row.keyId,
    value: row.value,
  };
}
