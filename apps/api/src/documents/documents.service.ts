import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource } from 'typeorm';
import { shanghaiDate } from '../../../../libs/calendar/index.js';
import type { AppConfig } from '../../../../libs/config/config.js';
import { ActivityEntity } from '../../../../libs/db/entities/activity.entity.js';
import { AttachmentEntity } from '../../../../libs/db/entities/attachment.entity.js';
import { DepartmentEntity } from '../../../../libs/db/entities/department.entity.js';
import { isUuid } from '../../../../libs/domain/ids.js';
import { ROLE_LABELS_ZH, type Role } from '../../../../libs/domain/roles.js';
import {
  renderSummaryDocx,
  renderSummaryHtml,
  shanghaiDateTime,
  summaryDocumentModel,
  type SummaryDocumentModel,
  type Watermark,
} from '../../../../libs/document/index.js';
import { downloadName } from '../attachments/download-headers.js';
import { SignaturesService } from '../signatures/signatures.service.js';
import { SummariesService } from '../summaries/summaries.service.js';
import { APP_CONFIG } from '../tokens.js';

/** A rendered document and the name it is saved under. */
export interface RenderedDocx {
  bytes: Buffer;
  fileName: string;
}

/**
 * One summary version as the unified document: the stored document, its signatures, the
 * names of its attachments and departments, redacted for the reader's role.
 */
@Injectable()
export class DocumentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly summaries: SummariesService,
    private readonly signatures: SignaturesService,
  ) {}

  /** The model of `versionId` of `activity` as `reader` may see it; 404 for a version of another activity. */
  async model(activity: ActivityEntity, versionId: string, reader: Role): Promise<SummaryDocumentModel> {
    const version = await this.summaries.get(activity.id, versionId);
    const document = version.document!;
    const ids = (document.attachments ?? []).map((a) => a.attachmentId).filter(isUuid);
    const [signatures, attachments, departments] = await Promise.all([
      this.signatures.forVersion(version.id),
      ids.length
        ? this.dataSource.getRepository(AttachmentEntity).find({
            where: { id: In(ids), activityId: activity.id },
            select: { id: true, originalName: true, contentType: true },
          })
        : Promise.resolve([]),
      this.dataSource.getRepository(DepartmentEntity).find({ select: { code: true, nameZh: true } }),
    ]);
    return summaryDocumentModel(
      {
        document,
        activity: { name: activity.name, endDate: shanghaiDate(activity.endAt) },
        associationName: this.config.document.associationName,
        version: { versionNo: version.versionNo, contentHash: version.contentHash },
        signatures,
        attachmentNames: new Map(attachments.map((a) => [a.id, downloadName(a.originalName, a.contentType)])),
        departmentNames: new Map(departments.map((d) => [d.code, d.nameZh])),
        roleLabels: ROLE_LABELS_ZH,
      },
      { reader },
    );
  }

  async docx(activity: ActivityEntity, versionId: string, reader: Role): Promise<RenderedDocx> {
    const model = await this.model(activity, versionId, reader);
    return { bytes: await renderSummaryDocx(model), fileName: `${model.title}_第${model.versionNo}版.docx` };
  }

  /** The HTML page; `watermark` names a view-only reader on every page. */
  async html(
    activity: ActivityEntity,
    versionId: string,
    reader: Role,
    watermark?: { reader: string; organisation: string; at?: Date },
  ): Promise<string> {
    const model = await this.model(activity, versionId, reader);
    const mark: Watermark | undefined = watermark && {
      reader: watermark.reader,
      organisation: watermark.organisation,
      at: shanghaiDateTime((watermark.at ?? new Date()).toISOString()),
    };
    return renderSummaryHtml(model, { watermark: mark });
  }
}
