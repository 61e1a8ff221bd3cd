import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/** R-12 the archivist's confirmation of one copy; the actor comes from the token. */
export class ConfirmArchiveDto {
  @ApiProperty({ enum: ['paper', 'electronic'], example: 'electronic' })
  @IsIn(['paper', 'electronic'])
  medium: 'paper' | 'electronic';

  @ApiProperty({
    example: '活动总结/2026/学术研讨/2026青年导演论坛总结20261120',
    description:
      'Electronic: exactly the generated `folder` + `electronicName` of GET …/archive (else 422); paper: where the file is kept (档案室 A-12)',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  location: string;

  @ApiPropertyOptional({ example: true, description: 'Paper: the copy bears the seal (盖章); must be true for paper (else 422)' })
  @IsOptional()
  @IsBoolean()
  stamped?: boolean;

  @ApiPropertyOptional({ example: true, description: 'Paper: the copy is bound (装订); must be true for paper (else 422)' })
  @IsOptional()
  @IsBoolean()
  bound?: boolean;

  @ApiPropertyOptional({
    example: true,
    description: 'Paper: the attachments are filed with it (附件齐全); must be true for paper (else 422)',
  })
  @IsOptional()
  @IsBoolean()
  attachmentsIncluded?: boolean;
}

export class ArchiveCopyView {
  @ApiProperty({ enum: ['paper', 'electronic'] })
  medium: 'paper' | 'electronic';

  @ApiProperty({ example: '档案室 A-12' })
  location: string;

  @ApiProperty({ description: 'User id of the archivist who confirmed it' })
  confirmedBy: string;

  @ApiProperty({ format: 'date-time' })
  confirmedAt: string;

  @ApiPropertyOptional({ description: 'Paper: stamped (盖章)' })
  stamped?: boolean;

  @ApiPropertyOptional({ description: 'Paper: bound (装订)' })
  bound?: boolean;

  @ApiPropertyOptional({ description: 'Paper: attachments included (附件齐全)' })
  attachmentsIncluded?: boolean;
}

export class ArchiveView {
  @ApiProperty({ format: 'uuid' })
  activityId: string;

  @ApiProperty({ example: '2026青年导演论坛总结20261120', description: '<活动名称>总结<YYYYMMDD>, `-<id8>` added when the name was taken' })
  electronicName: string;

  @ApiProperty({ example: '活动总结/2026/学术研讨/' })
  folder: string;

  @ApiProperty({
    example: '活动总结/2026/学术研讨/2026青年导演论坛总结20261120',
    description: 'What the electronic confirmation must name',
  })
  electronicLocation: string;

  @ApiProperty({ example: '2026青年导演论坛活动总结档案' })
  paperLabel: string;

  @ApiProperty({ description: 'The final version’s DOCX is in the archive store' })
  stored: boolean;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  storedAt: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'sha256 of the stored DOCX' })
  sha256: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The final version stored' })
  versionId: string | null;

  @ApiProperty({ type: [ArchiveCopyView] })
  copies: ArchiveCopyView[];
}

export class TombstoneView {
  @ApiProperty({ format: 'uuid' })
  activityId: string;

  @ApiProperty()
  activityName: string;

  @ApiProperty()
  activityType: string;

  @ApiProperty({ description: 'What was destroyed: versions (id, number, content hash), attachments (id, kind, sha256), the archive copy' })
  destroyed: Record<string, unknown>;

  @ApiProperty({ type: String, nullable: true, description: 'sha256 of the final version’s canonical document' })
  contentHash: string | null;

  @ApiProperty({ description: 'Who decided: { userId, role }' })
  decidedBy: Record<string, unknown>;

  @ApiProperty({ format: 'date-time' })
  decidedAt: string;

  @ApiProperty({ type: String, nullable: true })
  reason: string | null;

  @ApiProperty({ format: 'date-time' })
  destroyedAt: string;

  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'When every listed item was gone' })
  completedAt: string | null;

  @ApiProperty({ example: 'Ed25519' })
  algorithm: string;

  @ApiProperty({ description: 'Names the signing key (GET /api/signatures/public-key)' })
  keyId: string;

  @ApiProperty({ description: 'base64 Ed25519 signature over the canonical statement (scheme archive-tombstone/v1)' })
  signature: string;

  @ApiProperty({ description: 'The signature verifies with the service’s key' })
  verified: boolean;
}
