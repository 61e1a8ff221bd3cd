/**
 * Replays histories recorded from real runs (test/workflows/histories, refreshed with
 * `RECORD_HISTORIES=1 npm test -- --selectProjects workflows`) against the current workflow code:
 * a change that would break running lifecycles fails here, before it reaches a worker.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DeterminismViolationError } from '@temporalio/workflow';
import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { workflowInterceptorModules } from '../../apps/worker/src/logging.js';
import { workflowsPath } from '../../apps/worker/src/worker.js';
import { quietTemporalRuntime } from '../support/temporal-runtime.js';

const dir = fileURLToPath(new URL('./histories/', import.meta.url));
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();
const raw = (file: string): Record<string, any> => JSON.parse(readFileSync(`${dir}${file}`, 'utf8'));
const load = (file: string) => temporal.api.history.v1.History.fromObject(raw(file));

let bundle: WorkflowBundleWithSourceMap;
beforeAll(async () => {
  quietTemporalRuntime();
  bundle = await bundleWorkflowCode({
    workflowsPath: workflowsPath(),
    // The production worker's workflow interceptors (request ids): replayed with them too.
    workflowInterceptorModules: workflowInterceptorModules(),
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} } as never,
  });
});

describe('replay of recorded lifecycle histories', () => {
  it('has recorded histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  it('replays histories of the code before and after the lifecycle-machine patch (both paths stay covered)', () => {
    const marked = (file: string) =>
      (raw(file).events as Array<Record<string, any>>).some((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch');
    expect(files.filter((f) => !marked(f)).length).toBeGreaterThanOrEqual(5);
    expect(files.filter(marked).length).toBeGreaterThanOrEqual(5);
  });

  /** Whether the history recorded the patch `id`. */
  const recorded = (id: string) => (file: string) =>
    (raw(file).events as Array<Record<string, any>>).some(
      (e) =>
        e.markerRecordedEventAttributes?.markerName === 'core_patch' &&
        Buffer.from(e.markerRecordedEventAttributes.details?.['patch-data']?.payloads?.[0]?.data ?? '', 'base64').includes(`"${id}"`),
    );
  const lifecycles = files.filter((f) => !f.startsWith('read-request'));

  it('replays histories of the code before and after the lean-history patch (issue #16: both paths stay covered)', () => {
    const lean = recorded('lean-history');
    expect(lifecycles.filter((f) => !lean(f)).length).toBeGreaterThanOrEqual(10);
    expect(lifecycles.filter(lean).length).toBeGreaterThanOrEqual(8);
  });

  it('replays lean histories from before and after the notify-and-project patch (issue #16: both paths stay covered)', () => {
    const lean = recorded('lean-history');
    const notifyAndProject = recorded('notify-and-project');
    // Before: lean runs whose wakes sent through notifyDeadlines; after: runs that recorded the patch.
    const before = lifecycles.filter((f) => lean(f) && !notifyAndProject(f) && JSON.stringify(raw(f)).includes('"notifyDeadlines"'));
    expect(before.length).toBeGreaterThanOrEqual(3);
    expect(lifecycles.filter(notifyAndProject).length).toBeGreaterThanOrEqual(3);
  });

  it('replays histories from before and after the local-steps patch (issue #16: both paths stay covered)', () => {
    const localSteps = recorded('local-steps');
    const before = lifecycles.filter((f) => recorded('notify-and-project')(f) && !localSteps(f));
    expect(before.length).toBeGreaterThanOrEqual(3);
    const after = lifecycles.filter(localSteps);
    expect(after.length).toBeGreaterThanOrEqual(3);
    // After: the wakes' notices are local activity markers, not activity tasks.
    const localNotices = (f: string) =>
      (raw(f).events as Array<Record<string, any>>).some(
        (e) =>
          e.markerRecordedEventAttributes?.markerName === 'core_local_activity' &&
          Buffer.from(e.markerRecordedEventAttributes.details?.data?.payloads?.[0]?.data ?? '', 'base64').includes(
            '"notifyDeadlinesAndProject"',
          ),
      );
    expect(after.filter(localNotices).length).toBeGreaterThanOrEqual(2);
    // The end's step after a wait, and a local try that failed before its durable activity did the step.
    expect(after).toEqual(expect.arrayContaining(['local-steps-waited-for-the-end.json', 'local-steps-registration-outage-fallback.json']));
  });

  it.each(files)('replays %s without a determinism error', async (file) => {
    await expect(Worker.runReplayHistory({ workflowBundle: bundle }, load(file))).resolves.toBeUndefined();
  });

  it('fails with a determinism error when the history disagrees with the code', async () => {
    const history = raw(files[0]!) as { events: Array<Record<string, any>> };
    // Rename the first scheduled activity: the code schedules confirmActivityRecorded there.
    const scheduled = history.events.find((e) => e.activityTaskScheduledEventAttributes);
    expect(scheduled).toBeDefined();
    scheduled!.activityTaskScheduledEventAttributes.activityType.name = 'somethingElse';
    const tampered = temporal.api.history.v1.History.fromObject(history);
    await expect(Worker.runReplayHistory({ workflowBundle: bundle }, tampered)).rejects.toBeInstanceOf(DeterminismViolationError);
  });
});
