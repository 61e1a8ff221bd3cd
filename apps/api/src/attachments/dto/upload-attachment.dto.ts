import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ATTACHMENT_KINDS, type AttachmentKind } from '../../../../../libs/summary/document.js';

/** The text fields of the multipart upload; the file itself is the `file` part. */
export class UploadAttachmentDto {
  @ApiProperty({ enum: ATTACHMENT_KINDS })
  @IsIn(ATTACHMENT_KINDS)
  kind: AttachmentKind;
}
