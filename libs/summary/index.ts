/** The summary document, its metrics and the submission checks (SPEC §4). */
export * from './document.js';
export * from './metrics.js';
export * from './checks.js';
export { exampleSummary, exampleAttachments, EXAMPLE_CONTEXT, EXAMPLE_ATTACHMENT_IDS, type ExampleAttachmentIds } from './example.js';
export { isIsoDate } from './values.js';
