/**
 * Bundles the workflow code once, at build time (`node dist/apps/worker/src/bundle.js <out.js>`):
 * a worker given the file (WORKFLOW_BUNDLE) starts polling without webpack, about 3 s sooner after
 * a crash, and runs exactly the code that was built (Temporal's advice for production).
 */
import { writeFileSync } from 'node:fs';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowsPath } from './worker.js';

const out = process.argv[2];
if (!out) {
  console.error('usage: node dist/apps/worker/src/bundle.js <output file>');
  process.exit(2);
}
const { code } = await bundleWorkflowCode({ workflowsPath: workflowsPath(), logger: undefined });
writeFileSync(out, code);
console.log(`workflow bundle: ${out} (${(code.length / 1024).toFixed(0)} KiB)`);
