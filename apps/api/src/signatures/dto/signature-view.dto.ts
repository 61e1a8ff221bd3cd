import { ApiProperty } from '@nestjs/swagger';
import { SIGNATURE_ALGORITHM, SIGNATURE_PURPOSES, type SignaturePurpose } from '../../../../../libs/signature/signature.js';

/** Who signed, as the API authenticated them when they signed. */
export class SignerView {
  @ApiProperty({ description: 'The signer’s user id' })
  userId: string;

  @ApiProperty({ example: '培训部编制人' })
  name: string;

  @ApiProperty({ example: 'staff', description: 'The signer’s role when they signed' })
  role: string;
}

/** one Ed25519 signature over a summary version (SignaturesService builds the value). */
export class SignatureView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  versionId: string;

  @ApiProperty({ type: 'integer', minimum: 1 })
  versionNo: number;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The review it concludes; null for compile and special-meeting signatures',
  })
  reviewId: string | null;

  @ApiProperty({ enum: SIGNATURE_PURPOSES })
  purpose: SignaturePurpose;

  @ApiProperty({ type: SignerView })
  signer: SignerView;

  @ApiProperty({ format: 'date-time' })
  signedAt: string;

  @ApiProperty({
    example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    description: 'sha256 of the signed document',
  })
  contentHash: string;

  @ApiProperty({ example: SIGNATURE_ALGORITHM })
  algorithm: string;

  @ApiProperty({ description: 'Names the key that signed (GET /api/signatures/public-key)' })
  keyId: string;

  @ApiProperty({ description: 'The signature, base64' })
  value: string;
}

/** A stored signature checked against the key and the stored document. */
export class VerifiedSignatureView extends SignatureView {
  @ApiProperty({ description: 'This service’s signature, over exactly these facts, and the stored version still has this hash' })
  valid: boolean;

  @ApiProperty({ type: [String], description: 'Why not, when not valid; empty otherwise' })
  problems: string[];
}

/** `GET /api/activities/:id/summaries/:versionId/signatures`. */
export class VerifiedSignatureList {
  @ApiProperty({ type: [VerifiedSignatureView] })
  items: VerifiedSignatureView[];
}

/** `GET /api/signatures/public-key`: what verifies the signatures outside the service. */
export class SigningPublicKeyView {
  @ApiProperty({ example: SIGNATURE_ALGORITHM })
  algorithm: string;

  @ApiProperty()
  keyId: string;

  @ApiProperty({ example: '-----BEGIN PUBLIC KEY-----\n…\n-----END PUBLIC KEY-----\n' })
  publicKeyPem: string;
}
