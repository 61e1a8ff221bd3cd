import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AttachmentEntity } from '../../../../libs/db/entities/attachment.entity.js';
import type { Actor } from '../../../../libs/domain/roles.js';
import { ATTACHMENT_KIND_LABELS_ZH, type AttachmentKind } from '../../../../libs/summary/document.js';
import { ApiError, ErrorCode } from '../common/api-error.js';
import { AttachmentStore } from './attachment-store.js';
import { KIND_TYPES, sniffContentType } from './sniff.js';

export interface AttachmentView {
  id: string;
  kind: AttachmentKind;
  contentType: string;
  size: number;
  sha256: string;
  originalName: string;
}

export interface UploadedFile {
  originalname: string;
  buffer: Buffer;
}

const MAX_NAME_LENGTH = 255;

@Injectable()
export class AttachmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: AttachmentStore,
  ) {}

  /** Checks the bytes before anything is written: a refused upload leaves no file and no row. */
  async upload(activityId: string, kind: AttachmentKind, file: UploadedFile, actor: Actor): Promise<AttachmentView> {
    const contentType = sniffContentType(file.buffer);
    if (!contentType) {
      throw invalid(
        'unsupportedType',
        'The file is not one of the accepted formats (JPEG, PNG, WebP, GIF, PDF, ' +
          'XLSX, DOCX, CSV); its type is judged from its content, not its name',
        '文件格式不受支持(仅接受 JPEG、PNG、WebP、GIF、PDF、XLSX、DOCX、CSV);格式按文件内容判断,而非文件名',
      );
    }
    if (!KIND_TYPES[kind].includes(contentType)) {
      throw invalid(
        'kindTypeMismatch',
        `A ${kind} attachment cannot be ${contentType}; accepted: ${KIND_TYPES[kind].join(', ')}`,
        `${ATTACHMENT_KIND_LABELS_ZH[kind]}不能是 ${contentType} 格式;可接受:${KIND_TYPES[kind].join('、')}`,
      );
    }
    const id = randomUUID();
    const { storageKey, sha256 } = await this.store.write(activityId, id, file.buffer);
    const row = this.dataSource.getRepository(AttachmentEntity).create({
      id,
      activityId,
      kind,
      originalName: safeName(file.originalname),
      contentType,
      size: file.buffer.length,
      sha256,
      storageKey,
      uploadedBy: actor.userId,
    });
    try {
      await this.dataSource.getRepository(AttachmentEntity).insert(row);
    } catch (err) {
      await this.store.remove(storageKey).catch(() => undefined);
      throw err;
    }
    return view(row);
  }

  async list(activityId: string): Promise<Array<AttachmentView & { uploadedBy: string; createdAt: Date }>> {
    const rows = await this.dataSource
      .getRepository(AttachmentEntity)
      .find({ where: { activityId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map((r) => ({ ...view(r), uploadedBy: r.uploadedBy, createdAt: r.createdAt }));
  }

  async find(activityId: string, attachmentId: string): Promise<AttachmentEntity> {
    const row = await this.dataSource.getRepository(AttachmentEntity).findOneBy({ id: attachmentId, activityId });
    if (!row) throw new ApiError(ErrorCode.NOT_FOUND, `Attachment ${attachmentId} not found`, `未找到附件 ${attachmentId}`);
    return row;
  }
}

function view(r: AttachmentEntity): AttachmentView {
  return { id: r.id, kind: r.kind, contentType: r.contentType, size: r.size, sha256: r.sha256, originalName: r.originalName };
}

function invalid(code: string, message: string, messageZh: string): ApiError {
  return new ApiError(ErrorCode.VALIDATION_FAILED, message, messageZh, [{ field: 'file', code, message, messageZh }]);
}

/** The last path segment without control characters: only ever shown, never used as a path. */
export function safeName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return [...clean].slice(0, MAX_NAME_LENGTH).join('') || 'attachment';
}
