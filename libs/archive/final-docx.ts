/**
 * The archive copy is the final version in the unified template, rendered by the same
 * code as the API's DOCX download, whole: the archive keeps the official record, and every reader
 * of it gets the redacted view through the API.
 */
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config.js';
import { renderSummaryDocx } from '../document/docx.js';
import { loadSummaryModel } from '../document/load.js';
import { findFinalVersion } from './final-version.js';
import { archiveSubject } from './records.js';

/** Renders the final version of an activity's summary as DOCX bytes. */
export type RenderFinalDocx = (activityId: string) => Promise<Buffer>;

export function finalDocx(dataSource: DataSource, config: Pick<AppConfig, 'document'>): RenderFinalDocx {
  return async (activityId) => {
    const [subject, version] = await Promise.all([archiveSubject(dataSource, activityId), findFinalVersion(dataSource, activityId)]);
    if (!subject || !version) throw new Error(`activity ${activityId} has no final version to render`);
    // `management` is the one reader that sees the document whole.
    const model = await loadSummaryModel(
      { dataSource, associationName: config.document.associationName, attachmentName: (name) => name },
      subject,
      version.id,
      'management',
    );
    if (!model) throw new Error(`final version ${version.id} of activity ${activityId} is gone`);
    return renderSummaryDocx(model);
  };
}
