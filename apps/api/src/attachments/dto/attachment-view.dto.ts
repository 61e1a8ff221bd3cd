import { ApiProperty } from '@nestjs/swagger';
import { ATTACHMENT_KINDS, type AttachmentKind } from '../../../../../libs/summary/document.js';

/** An uploaded file's record (`POST …/attachments`); its bytes: `GET …/attachments/:attachmentId`. */
export class AttachmentView {
  @ApiProperty({ format: 'uuid', description: 'What the summary’s attachment list names (`attachmentId`)' })
  id: string;

  @ApiProperty({ enum: ATTACHMENT_KINDS })
  kind: AttachmentKind;

  @ApiProperty({ example: 'image/jpeg', description: 'Sniffed from the bytes, not taken from the upload' })
  contentType: string;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Bytes' })
  size: number;

  @ApiProperty({ example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' })
  sha256: string;

  @ApiProperty({
    example: '开幕式现场.jpg',
    description:
      'The client’s name, made safe, with the extension of the sniffed type (`活动照片.html` that is a GIF: `活动照片.gif`); display only',
  })
  originalName: string;

  @ApiProperty({
    example: '开幕式现场.jpg',
    description:
      'The download’s name: `originalName` with the extension of the sniffed type (differs only for uploads stored before names took it)',
  })
  fileName: string;
}

/** One row of `GET …/attachments`: the record, who uploaded it and when. */
export class AttachmentListItem extends AttachmentView {
  @ApiProperty({ description: 'The uploader’s user id' })
  uploadedBy: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class AttachmentList {
  @ApiProperty({ type: [AttachmentListItem], description: 'Oldest first' })
  items: AttachmentListItem[];
}
