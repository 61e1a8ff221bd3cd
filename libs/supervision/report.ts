/**
 * R-17 what a supervision sample shows for each activity drawn: its evidence timeline, archive
 * completeness and the implementation records of its suggestions. Shared by the API's answer and
 * the DOCX export (libs/supervision/docx.ts).
 */
import type { Actor } from '../domain/roles.js';
import type { TimelineDeadline, TimelineEvent } from './timeline.js';

export interface SignatureCheck {
  signatureId: string;
  signerName: string;
  signedAt: string;
  keyId: string;
  valid: boolean;
  problems: string[];
}

/** A timeline event as the API answers it: reviews carry the check of the reviewer's signature. */
export interface TimelineEventView extends Omit<TimelineEvent, 'actor'> {
  actor: (Actor & { displayName?: string }) | null;
  /** Reviews (`reviewed`, `returned`) only: the reviewer's signature over the version, verified now; null when none was stored. */
  signature?: SignatureCheck | null;
}

export interface TimelineView {
  activityId: string;
  workflowId: string;
  /** False when Temporal no longer has the history (past the namespace's retention): the deadlines then come from the projection. */
  historyAvailable: boolean;
  runs: number;
  events: TimelineEventView[];
  deadlines: TimelineDeadline[];
}

export interface ArchiveCompleteness {
  /** Both copies confirmed in the lifecycle and the electronic file stored. */
  complete: boolean;
  paperConfirmedAt: string | null;
  electronicConfirmedAt: string | null;
  /** The final DOCX stored in the archive folder (archive_records.stored_at). */
  storedAt: string | null;
  sha256: string | null;
}

export interface SuggestionRecord {
  id: string;
  measure: string;
  responsibleDepartment: string;
  dueDate: string;
  status: 'pending' | 'in_progress' | 'implemented' | 'rejected';
  statusReason: string | null;
  updates: Array<{ at: string; actorUserId: string; actorRole: string; fromStatus: string; toStatus: string; note: string | null }>;
}

export interface SampleItem {
  activity: { id: string; name: string; type: string; leadDepartment: string; leadDepartmentName: string; endAt: string; stage: string };
  timeline: TimelineView;
  archive: ArchiveCompleteness;
  suggestions: SuggestionRecord[];
}

export interface SampleSummary {
  id: string;
  from: string;
  to: string;
  size: number;
  seed: string;
  /** How many activities ended in the period (the population drawn from). */
  population: number;
  activityIds: string[];
  createdBy: string;
  createdByRole: string;
  createdAt: string;
}

export interface SampleReport extends SampleSummary {
  items: SampleItem[];
}
