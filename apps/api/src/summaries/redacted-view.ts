import type { Role } from '../../../../libs/domain/roles.js';
import { redactDocument, redactText, seesConfidential } from '../../../../libs/redaction/index.js';
import type { SummaryVersionView } from './dto/summary-version-view.dto.js';

/**
 * A version as `reader` may see it (R-13.2.3): its document redacted, and the findings' messages
 * too, since a finding may quote the text it is about. The content hash stays that of the stored
 * document, so a signature can still be checked against it.
 */
export function redactVersion(view: SummaryVersionView, reader: Role): SummaryVersionView {
  if (seesConfidential(reader)) return view;
  return {
    ...view,
    findings: view.findings.map((f) => ({ ...f, message: redactText(f.message), messageZh: redactText(f.messageZh) })),
    ...(view.document ? { document: redactDocument(view.document, { reader }) } : {}),
  };
}
