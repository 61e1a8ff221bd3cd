/**
 * Bundles the workflow code once, at build time (`node dist/apps/worker/src/bundle.js <out.js>`):
 * a worker given the file (WORKFLOW_BUNDLE) starts polling without webpack, about 3 s sooner after
 * a crash, and runs exactly the code that was built (Temporal's advice for production).
 */
import { writeFileSync } from 'node:fs';
import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowInterceptorModules } from './logging.js';
import { workflowsPath } from './worker.js';

const out = process.argv[2];
if (!out) {
  console.error('usage: node dist/apps/worker/src/bundle.js <output file>');
  process.exit(2);
}
// With the workflow interceptors: a worker given a bundle runs only the interceptors inside it.
const { code } = await bundleWorkflowCode({ workflowsPath: workflowsPath(), workflowInterceptorModules: workflowInterceptorModules() });
writeFileSync(out, code);
console.log(`workflow bundle: ${out} (${(code.length / 1024).toFixed(0)} KiB)`);
