// The worker bundles this file: export every workflow, and import nothing non-deterministic.
export { activityLifecycle } from './activity-lifecycle.js';
export { readRequest } from './read-request.js';
export { periodicReport } from './periodic-report.js';
