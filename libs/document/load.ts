import { In, type DataSource } from 'typeorm';
import { shanghaiDate } from '../calendar/index.js';
import { AttachmentEntity } from '../db/entities/attachment.entity.js';
import { DepartmentEntity } from '../db/entities/department.entity.js';
import { SignatureEntity } from '../db/entities/signature.entity.js';
import { SummaryVersionEntity } from '../db/entities/summary-version.entity.js';
import { isUuid } from '../domain/ids.js';
import { ROLE_LABELS_ZH, type Role } from '../domain/roles.js';
import { summaryDocumentModel, type SummaryDocumentModel } from './model.js';

export interface ModelSources {
  dataSource: DataSource;
  associationName: string;
  /** The file name an attachment is listed under (the API's download name). */
  attachmentName: (originalName: string, contentType: string) => string;
}

/**
 * The document model of one stored version, from PostgreSQL alone: the API renders it for a reader
 * and the worker for the archive copy, so both print the same document. Null for an unknown version.
 */
export async function loadSummaryModel(
  { dataSource, associationName, attachmentName }: ModelSources,
  activity: { id: string; name: string; endAt: Date },
  versionId: string,
  reader: Role,
): Promise<SummaryDocumentModel | null> {
  const version = await dataSource.getRepository(SummaryVersionEntity).findOneBy({ activityId: activity.id, id: versionId });
  if (!version) return null;
  const ids = (version.document.attachments ?? []).map((a) => a.attachmentId).filter(isUuid);
  const [signatures, attachments, departments] = await Promise.all([
    dataSource.getRepository(SignatureEntity).find({ where: { versionId }, order: { signedAt: 'ASC' } }),
    ids.length
      ? dataSource.getRepository(AttachmentEntity).find({
          where: { id: In(ids), activityId: activity.id },
          select: { id: true, originalName: true, contentType: true },
        })
      : Promise.resolve([]),
    dataSource.getRepository(DepartmentEntity).find({ select: { code: true, nameZh: true } }),
  ]);
  return summaryDocumentModel(
    {
      document: version.document,
      activity: { name: activity.name, endDate: shanghaiDate(activity.endAt) },
      associationName,
      version: { versionNo: version.versionNo, contentHash: version.contentHash },
      signatures: signatures.map((s) => ({
        purpose: s.purpose,
        signer: { name: s.signerName, role: s.signerRole },
        signedAt: s.signedAt.toISOString(),
        value: s.value,
      })),
      attachmentNames: new Map(attachments.map((a) => [a.id, attachmentName(a.originalName, a.contentType)])),
      departmentNames: new Map(departments.map((d) => [d.code, d.nameZh])),
      roleLabels: ROLE_LABELS_ZH,
    },
    { reader },
  );
}
