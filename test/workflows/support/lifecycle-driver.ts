import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { writeFile } from 'node:fs/promises';
import { ApplicationFailure, type Duration } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { lifecycleWorkflowId } from '../../../libs/domain/activity.js';
import type { LifecycleState, Refusal, ReviewLevel } from '../../../libs/domain/lifecycle.js';
import type { Actor } from '../../../libs/domain/roles.js';
import {
  confirmArchiveUpdate,
  decideDisposalUpdate,
  setPermanentUpdate,
  LIFECYCLE_WORKFLOW_TYPE,
  recordSpecialMeetingUpdate,
  reviewUpdate,
  stateQuery,
  submitBaseDataUpdate,
  submitDraftUpdate,
  submitFeedbackUpdate,
  type LifecycleInput,
} from '../../../workflows/definitions.js';
import { ActivityTypeKey, IsMajorKey, IsOverdueKey, LeadDepartmentKey, StageKey } from '../../../workflows/search-attributes.js';
import { actors, from } from '../../support/actors.js';

/** Drives one lifecycle through its messages the way the API does (updates), for readable tests. */
export class LifecycleDriver {
  constructor(
    readonly env: TestWorkflowEnvironment,
    readonly handle: WorkflowHandle,
  ) {}

  static async start(env: TestWorkflowEnvironment, taskQueue: string, input: LifecycleInput): Promise<LifecycleDriver> {
    const handle = await env.client.workflow.start(LIFECYCLE_WORKFLOW_TYPE, {
      workflowId: lifecycleWorkflowId(input.activityId),
      taskQueue,
      args: [input],
      // As the API registers it (apps/api/src/activities/lifecycle.client.ts).
      typedSearchAttributes: [
        { key: ActivityTypeKey, value: input.type },
        { key: LeadDepartmentKey, value: input.leadDepartment },
        { key: StageKey, value: 'AWAITING_END' },
        { key: IsMajorKey, value: input.isMajor },
        { key: IsOverdueKey, value: false },
      ],
    });
    const driver = new LifecycleDriver(env, handle);
    await driver.until((s) => s.stage !== 'AWAITING_END' || Date.parse(input.endAt) > Date.now());
    return driver;
  }

  /**
   * With RECORD_HISTORIES=1, writes this run's history under test/workflows/histories/, where
   * the replay test replays it against the current workflow code (see README "Changing the
   * workflow"). Recorded histories are append-only: an existing file is never overwritten, so
   * the histories of older workflow code keep being replayed.
   */
  async recordHistory(name: string, runId?: string): Promise<void> {
    if (process.env.RECORD_HISTORIES !== '1') return;
    const handle = runId ? this.env.client.workflow.getHandle(this.handle.workflowId, runId) : this.handle;
    await recordHistoryFile(name, await handle.fetchHistory());
  }

  state(): Promise<LifecycleState> {
    return this.handle.query(stateQuery);
  }

  /** Skips time in small steps until the state satisfies `ok` (time skips only while we sleep). */
  async until(ok: (s: LifecycleState) => boolean, step: Duration = '1 hour', maxSteps = 200): Promise<LifecycleState> {
    let s = await this.state();
    for (let i = 0; i < maxSteps && !ok(s); i++) {
      await this.env.sleep(step);
      s = await this.state();
    }
    if (!ok(s)) throw new Error(`state never satisfied the condition: ${JSON.stringify(s)}`);
    return s;
  }

  deadline(s: LifecycleState, key: string, occurrence = 1) {
    const d = s.deadlines.find((x) => x.key === key && x.occurrence === occurrence);
    if (!d) throw new Error(`no ${key} #${occurrence} deadline in ${JSON.stringify(s.deadlines)}`);
    return d;
  }

  baseData(participants = { online: 50, offline: 100 }, actor: Actor = actors.staff) {
    return this.handle.executeUpdate(submitBaseDataUpdate, { args: [{ ...from(actor), participants, expenseSettled: true }] });
  }

  /** Submits a version; records base data first when there is none yet (R-7.1: a draft needs it). */
  async submit(actor: Actor = actors.staff, blockingFindings = 0) {
    if (!(await this.state()).baseData) await this.baseData();
    return this.handle.executeUpdate(submitDraftUpdate, {
      args: [{ ...from(actor), versionId: `v-${Date.now()}`, blockingFindings, warningFindings: 1 }],
    });
  }

  review(
    level: ReviewLevel,
    decision: 'approve' | 'return',
    actor: Actor = [actors.deptHead, actors.admin, actors.vp][level - 1]!,
    versionId?: string,
  ) {
    return this.handle.executeUpdate(reviewUpdate, {
      args: [
        {
          ...from(actor),
          level,
          decision,
          comments: decision === 'return' ? [{ module: 'effectiveness', text: '请补充问卷来源数据' }] : [],
          ...(versionId ? { versionId } : {}),
        },
      ],
    });
  }

  async approveAll(): Promise<LifecycleState> {
    await this.review(1, 'approve');
    await this.review(2, 'approve');
    return this.review(3, 'approve');
  }

  meeting(decision: 'revise' | 'finalize', date: string, actor: Actor = actors.vp) {
    return this.handle.executeUpdate(recordSpecialMeetingUpdate, { args: [this.meetingMessage(decision, date, actor)] });
  }

  meetingMessage(decision: 'revise' | 'finalize', date: string, actor: Actor = actors.vp) {
    return { ...from(actor), decision, date, attendees: ['分管副会长', '行政部', '宣传部'], minutes: '专题会议纪要' };
  }

  archive(medium: 'paper' | 'electronic', actor: Actor = actors.archivist) {
    return this.handle.executeUpdate(confirmArchiveUpdate, { args: [{ ...from(actor), medium, location: '活动总结/2026/学术研讨/' }] });
  }

  feedback(actor: Actor = actors.staff) {
    return this.handle.executeUpdate(submitFeedbackUpdate, { args: [{ ...from(actor), summary: '协办部门反馈:数据核对无误' }] });
  }

  dispose(decision: 'destroy' | 'extend', extendYears?: number, actor: Actor = actors.archivist) {
    return this.handle.executeUpdate(decideDisposalUpdate, { args: [{ ...from(actor), decision, extendYears }] });
  }

  setPermanent(permanent: boolean, reason: string, actor: Actor = actors.admin) {
    return this.handle.executeUpdate(setPermanentUpdate, { args: [{ ...from(actor), permanent, reason }] });
  }
}

/** The refusal an update was rejected with (fails the test when it was accepted). */
export async function refusalOf(promise: Promise<unknown>): Promise<Refusal> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
      return err.cause.details?.[0] as Refusal;
    }
    throw err;
  }
  throw new Error('the update was accepted, but a refusal was expected');
}

/** Writes `history` as test/workflows/histories/<name>.json when RECORD_HISTORIES=1, never over an existing file. */
export async function recordHistoryFile(name: string, history: unknown): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const file = new URL(`../histories/${name}.json`, import.meta.url);
  // protobufjs' own object form: enums as names, 64-bit numbers and bytes as strings.
  const json = temporal.api.history.v1.History.toObject(history as temporal.api.history.v1.History, {
    longs: String,
    enums: String,
    bytes: String,
  });
  await writeFile(file, `${JSON.stringify(json, null, 1)}\n`, { flag: 'wx' }).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });
}
