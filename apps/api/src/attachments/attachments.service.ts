import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AttachmentEntity } from '../../../../libs/db/entities/attachment.entity.js';
import type { Actor } from '../../../../libs/domain/roles.js';
import { ATTACHMENT_KIND_LABELS_ZH, type AttachmentKind } from '../../../../libs/summary/document.js';
import type { AppConfig } from '../../../../libs/config/config.js';
import { ApiError, ErrorCode } from '../common/api-error.js';
import { APP_CONFIG } from '../tokens.js';
import { AttachmentStore } from './attachment-store.js';
import type { AttachmentListItem, AttachmentView } from './dto/attachment-view.dto.js';
import { downloadName, storedName } from './download-headers.js';
import { KIND_TYPES, sniff, type SniffRefusal } from './sniff.js';

export interface UploadedFile {
  originalname: string;
  buffer: Buffer;
}

@Injectable()
export class AttachmentsService {
  private readonly maxPerActivity: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: AttachmentStore,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.maxPerActivity = config.attachments.maxPerActivity;
  }

  /**
   * Refuses (413) when the activity already has the most attachments allowed. Called by
   * UploadAccessGuard before the body is read, and again under a lock when the row is inserted.
   */
  async assertRoomFor(activityId: string, db: EntityManager = this.dataSource.manager): Promise<void> {
    const count = await db.getRepository(AttachmentEntity).countBy({ activityId });
    if (count >= this.maxPerActivity) throw tooManyAttachments(this.maxPerActivity);
  }

  /** Checks the bytes before anything is written: a refused upload leaves no file and no row. */
  async upload(activityId: string, kind: AttachmentKind, file: UploadedFile, actor: Actor): Promise<AttachmentView> {
    const sniffed = sniff(file.buffer);
    if (sniffed.refusal) throw REFUSALS[sniffed.refusal]();
    const { contentType } = sniffed;
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
      originalName: storedName(file.originalname, contentType),
      contentType,
      size: file.buffer.length,
      sha256,
      storageKey,
      uploadedBy: actor.userId,
    });
    try {
      await this.dataSource.transaction(async (em) => {
        // Uploads of one activity insert one at a time, so concurrent ones cannot overshoot the limit.
        await em.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`attachments:${activityId}`]);
        await this.assertRoomFor(activityId, em);
        await em.getRepository(AttachmentEntity).insert(row);
      });
    } catch (err) {
      await this.store.remove(storageKey).catch(() => undefined);
      throw err;
    }
    return view(row);
  }

  async list(activityId: string): Promise<AttachmentListItem[]> {
    const rows = await this.dataSource
      .getRepository(AttachmentEntity)
      .find({ where: { activityId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map((r) => ({ ...view(r), uploadedBy: r.uploadedBy, createdAt: r.createdAt.toISOString() }));
  }

  async find(activityId: string, attachmentId: string): Promise<AttachmentEntity> {
    const row = await this.dataSource.getRepository(AttachmentEntity).findOneBy({ id: attachmentId, activityId });
    if (!row) throw new ApiError(ErrorCode.NOT_FOUND, `Attachment ${attachmentId} not found`, `未找到附件 ${attachmentId}`);
    return row;
  }
}

function view(r: AttachmentEntity): AttachmentView {
  return {
    id: r.id,
    kind: r.kind,
    contentType: r.contentType,
    size: r.size,
    sha256: r.sha256,
    originalName: r.originalName,
    fileName: downloadName(r.originalName, r.contentType),
  };
}

const REFUSALS: Record<SniffRefusal, () => ApiError> = {
  unsupportedType: () =>
    invalid(
      'unsupportedType',
      'The file is not one of the accepted formats (JPEG, PNG, WebP, GIF, PDF, ' +
        'XLSX, DOCX, CSV); its type is judged from its content, not its name',
      '文件格式不受支持(仅接受 JPEG、PNG、WebP、GIF、PDF、XLSX、DOCX、CSV);格式按文件内容判断,而非文件名',
    ),
  embeddedMarkup: () =>
    invalid(
      'embeddedMarkup',
      'The image carries HTML or script markup in its first bytes (a file that is both an image and a web page) ' +
        'and is refused; export it again from an image editor',
      '该图片文件内容开头夹带 HTML 或脚本标记(同时可被当作网页的文件),已拒绝;请用图片编辑软件重新导出后上传',
    ),
  macrosNotAllowed: () =>
    invalid(
      'macrosNotAllowed',
      'Office files with macros (VBA projects, macro sheets) or embedded ActiveX or OLE objects are refused; ' +
        'save it as a plain .xlsx / .docx without macros and upload that',
      '不接受含宏(VBA 工程、宏表)或嵌入 ActiveX、OLE 对象的 Office 文件;请另存为不含宏的 .xlsx / .docx 后上传',
    ),
};

function tooManyAttachments(max: number): ApiError {
  const message = `This activity already has ${max} attachments, the most allowed (ATTACHMENTS_MAX_PER_ACTIVITY)`;
  const messageZh = `该活动已有 ${max} 个附件,已达上限,不能再上传`;
  return new ApiError(ErrorCode.PAYLOAD_TOO_LARGE, message, messageZh, [
    {
      field: 'file',
      code: 'tooManyAttachments',
      message: `At most ${max} attachments per activity`,
      messageZh: `每个活动最多 ${max} 个附件`,
    },
  ]);
}

function invalid(code: string, message: string, messageZh: string): ApiError {
  return new ApiError(ErrorCode.VALIDATION_FAILED, message, messageZh, [{ field: 'file', code, message, messageZh }]);
}
