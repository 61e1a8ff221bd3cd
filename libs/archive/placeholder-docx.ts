/**
 * PLACEHOLDER until the merge: a small but valid DOCX naming the final version. The real
 * document (libs/document `renderSummaryDocx`, the unified template of R-6) replaces it where the
 * worker wires `renderFinalDocx` (apps/worker/src/worker.ts, `WorkerDeps.renderFinalDocx`).
 */
import { Document, Packer, Paragraph, TextRun } from 'docx';
import type { DataSource } from 'typeorm';
import { archiveSubject } from './records.js';
import { findFinalVersion } from './final-version.js';

/** Renders the final version of an activity's summary as DOCX bytes. */
export type RenderFinalDocx = (activityId: string) => Promise<Buffer>;

export function placeholderFinalDocx(dataSource: DataSource): RenderFinalDocx {
  return async (activityId) => {
    const subject = await archiveSubject(dataSource, activityId);
    const version = await findFinalVersion(dataSource, activityId);
    if (!subject || !version) throw new Error(`activity ${activityId} has no final version to render`);
    const doc = new Document({
      sections: [
        {
          children: [
            new Paragraph({ children: [new TextRun({ text: `${subject.name}活动总结`, bold: true, font: 'SimSun', size: 32 })] }),
            new Paragraph({ children: [new TextRun({ text: `终稿：第 ${version.versionNo} 版`, font: 'SimSun', size: 24 })] }),
            new Paragraph({ children: [new TextRun({ text: `内容摘要（sha256）：${version.contentHash}`, font: 'SimSun', size: 24 })] }),
          ],
        },
      ],
    });
    return Packer.toBuffer(doc);
  };
}
