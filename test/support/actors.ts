import { randomUUID } from 'node:crypto';
import type { Actor } from '../../libs/domain/roles.js';

/** One actor per SPEC §1 role; department roles belong to `publicity` unless a test says otherwise. */
export const actors = {
  staff: { userId: 'u-staff', role: 'staff', department: 'publicity' },
  deptHead: { userId: 'u-dept-head', role: 'dept_head', department: 'publicity' },
  otherDeptHead: { userId: 'u-training-head', role: 'dept_head', department: 'training' },
  admin: { userId: 'u-admin', role: 'admin', department: null },
  archivist: { userId: 'u-archivist', role: 'archivist', department: null },
  vp: { userId: 'u-vp', role: 'vp', department: null },
  sg: { userId: 'u-sg', role: 'secretary_general', department: null },
  management: { userId: 'u-management', role: 'management', department: null },
  supervisor: { userId: 'u-supervisor', role: 'supervisor', department: null },
} satisfies Record<string, Actor>;

/** A message envelope with a fresh request id. */
export function from(actor: Actor, requestId: string = randomUUID()) {
  return { requestId, actor };
}
