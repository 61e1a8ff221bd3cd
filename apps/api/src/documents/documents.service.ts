import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../../../libs/config/config.js';
import type { ActivityEntity } from '../../../../libs/db/entities/activity.entity.js';
import type { Role } from '../../../../libs/domain/roles.js';
import {
  renderSummaryDocx,
  renderSummaryHtml,
  shanghaiDateTime,
  type SummaryDocumentModel,
  type Watermark,
} from '../../../../libs/document/index.js';
import { loadSummaryModel } from '../../../../libs/document/load.js';
import { downloadName } from '../attachments/download-headers.js';
import { ApiError, ErrorCode } from '../common/api-error.js';
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
  ) {}

  /** The model of `versionId` of `activity` as `reader` may see it; 404 for a version of another activity. */
  async model(activity: ActivityEntity, versionId: string, reader: Role): Promise<SummaryDocumentModel> {
    const model = await loadSummaryModel(
      { dataSource: this.dataSource, associationName: this.config.document.associationName, attachmentName: downloadName },
      activity,
      versionId,
      reader,
    );
    if (!model) throw new ApiError(ErrorCode.NOT_FOUND, `Version ${versionId} not found`, `未找到总结版本 ${versionId}`);
    return model;
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
