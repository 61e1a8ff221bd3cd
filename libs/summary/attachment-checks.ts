/** R-9.5 (art. 6.3): which attachments a summary carries and in what order. */
import { ATTACHMENT_KINDS, ATTACHMENT_KIND_LABELS_ZH, type AttachmentKind, type SummaryDraft } from './document.js';
import { finding, type Finding } from './findings.js';
import { isText } from './values.js';

/** 3–5 representative photos. */
export const PHOTO_COUNT = { min: 3, max: 5 } as const;

export function checkAttachments(attachments: SummaryDraft['attachments']): Finding[] {
  const block = (path: string, en: string, zh: string) => finding('R-9.5', 'blocking', path, en, zh);
  if (!Array.isArray(attachments)) return [block('attachments', 'The attachment list is missing', '缺少附件清单')];

  const out: Finding[] = [];
  const valid: { kind: AttachmentKind; order: number }[] = [];
  attachments.forEach((a, i) => {
    const kind = ATTACHMENT_KINDS.find((k) => k === a?.kind);
    if (!kind || !Number.isSafeInteger(a?.order) || (a?.order ?? 0) < 1 || !isText(a?.attachmentId)) {
      out.push(
        block(
          `attachments.${i}`,
          `Attachment ${i + 1} needs a kind, an order (≥ 1) and an attachment id`,
          `附件第${i + 1}项须注明类型、序号(≥1)和附件编号`,
        ),
      );
    } else {
      valid.push({ kind, order: a.order! });
    }
  });

  const counts = (kind: AttachmentKind) => valid.filter((a) => a.kind === kind).length;
  const photos = counts('photo');
  if (photos < PHOTO_COUNT.min || photos > PHOTO_COUNT.max) {
    out.push(
      block(
        'attachments',
        `${photos} photos attached; ${PHOTO_COUNT.min}–${PHOTO_COUNT.max} representative photos are required`,
        `附件中活动照片${photos}张,须为${PHOTO_COUNT.min}-${PHOTO_COUNT.max}张代表性场景照片`,
      ),
    );
  }
  for (const kind of ['data_table', 'media_screenshot', 'questionnaire_report'] as const) {
    if (counts(kind) === 0)
      out.push(block('attachments', `No ${kind.replace('_', ' ')} attached`, `附件中缺少${ATTACHMENT_KIND_LABELS_ZH[kind]}`));
  }

  const dupOrder = valid.find((a, i) => valid.findIndex((b) => b.order === a.order) !== i);
  if (dupOrder) out.push(block('attachments', `Two attachments share order ${dupOrder.order}`, `附件序号${dupOrder.order}重复`));
  const ids = attachments.map((a) => a?.attachmentId).filter(isText);
  const dupId = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dupId) out.push(block('attachments', `Attachment ${dupId} is listed twice`, `附件${dupId}被重复列入`));

  const sorted = [...valid].sort((a, b) => a.order - b.order);
  const rank = (k: AttachmentKind) => ATTACHMENT_KINDS.indexOf(k);
  const misplaced = sorted.findIndex((a, i) => i > 0 && rank(a.kind) < rank(sorted[i - 1]!.kind));
  if (misplaced > 0) {
    const [before, after] = [sorted[misplaced - 1]!, sorted[misplaced]!];
    out.push(
      block(
        'attachments',
        `Attachment order ${after.order} (${after.kind}) comes after order ${before.order} (${before.kind}); ` +
          'order photos → data tables → media screenshots → questionnaire report',
        `附件${after.order}(${ATTACHMENT_KIND_LABELS_ZH[after.kind]})排在附件${before.order}(${ATTACHMENT_KIND_LABELS_ZH[before.kind]})之后;` +
          '须按“照片—数据统计表—媒体报道截图—问卷分析报告”顺序排列',
      ),
    );
  }
  return out;
}

/** An uploaded attachment as the summary checks need it (from the attachments table). */
export interface UploadedAttachment {
  activityId: string;
  kind: AttachmentKind;
}

/**
 * the listed attachments are this activity's uploads, of the kind listed. One uploaded for
 * another activity, or as another kind, refuses the submission; an id nothing was uploaded under
 * is a warning for the reviewers (the list itself may still be complete and ordered).
 */
export function checkAttachmentUploads(
  attachments: SummaryDraft['attachments'],
  activityId: string,
  uploads: ReadonlyMap<string, UploadedAttachment>,
): Finding[] {
  if (!Array.isArray(attachments)) return [];
  return attachments.flatMap((a, i) => {
    if (!isText(a?.attachmentId)) return [];
    const path = `attachments.${i}.attachmentId`;
    const upload = uploads.get(a.attachmentId);
    if (!upload) {
      return [
        finding(
          'R-9.5',
          'warning',
          path,
          `Attachment ${i + 1} (${a.attachmentId}) has not been uploaded`,
          `附件第${i + 1}项(${a.attachmentId})尚未上传`,
        ),
      ];
    }
    if (upload.activityId !== activityId) {
      return [
        finding(
          'R-9.5',
          'blocking',
          path,
          `Attachment ${i + 1} (${a.attachmentId}) belongs to another activity`,
          `附件第${i + 1}项(${a.attachmentId})属于其他活动`,
        ),
      ];
    }
    if (upload.kind !== a.kind) {
      return [
        finding(
          'R-9.5',
          'blocking',
          path,
          `Attachment ${i + 1} was uploaded as ${upload.kind}, not ${String(a.kind)}`,
          `附件第${i + 1}项上传时的类型为${ATTACHMENT_KIND_LABELS_ZH[upload.kind]},与所列类型不符`,
        ),
      ];
    }
    return [];
  });
}
