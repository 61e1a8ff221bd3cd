/** The summary as a document: one model, rendered as DOCX and as HTML. */
export * from './model.js';
export { renderSummaryDocx, BODY_FONT, BODY_SIZE, BODY_LINE } from './docx.js';
export { renderSummaryHtml, escapeHtml, type Watermark } from './html.js';
