import { DEADLINE_KEYS, STAGES } from '../../../libs/domain/lifecycle.js';
import { describeRecipients, recipientRolesFor, type RecipientRule } from '../../../libs/notify/recipients.js';

const leadHead = { role: 'dept_head', scope: 'lead_department' };
const leadStaff = { role: 'staff', scope: 'lead_department' };
const admin = { role: 'admin', scope: 'association' };
const adminHead = { ...admin, headOnly: true };
const vp = { role: 'vp', scope: 'association' };
const sg = { role: 'secretary_general', scope: 'association' };
const archivist = { role: 'archivist', scope: 'association' };

describe('recipientRolesFor: escalations when a deadline passes (SPEC §3, "overdue" column)', () => {
  it.each([
    ['R-7.1 overdue base data → dept head', 'baseData', [leadHead]],
    ['R-7.2 overdue draft → dept head and admin', 'draft', [leadHead, admin]],
    ['R-10.1 overdue revision → dept head and admin', 'revision', [leadHead, admin]],
    ['R-7.3 overdue final → VP and secretary-general', 'final', [vp, sg]],
    ['R-10.2 no special meeting record after the window → VP and secretary-general', 'specialMeeting', [vp, sg]],
    ['R-12.3 overdue archive → the head of the administration department only', 'archive', [adminHead]],
    ['R-16.1 overdue feedback → dept head', 'feedback', [leadHead]],
    ['R-13.1 retention ends → the archivist (disposal review)', 'retention', [archivist]],
  ] as const)('%s', (_title, key, expected) => {
    expect(recipientRolesFor(key, 'overdue')).toEqual(expected);
  });

  it('R-12.3 the overdue column does not depend on the stage the lifecycle is in', () => {
    for (const key of DEADLINE_KEYS) {
      const expected = recipientRolesFor(key, 'overdue');
      for (const stage of STAGES) {
        expect({ key, stage, rules: recipientRolesFor(key, 'overdue', stage) }).toEqual({ key, stage, rules: expected });
      }
    }
  });
});

describe('recipientRolesFor: reminders go to whoever holds the summary in the stage (SPEC §3)', () => {
  it.each([
    ['R-7.2 draft due while DRAFTING → staff of the lead department', 'draft', 'DRAFTING', [leadStaff]],
    ['R-10.1 revision due while REVISING → staff of the lead department', 'revision', 'REVISING', [leadStaff]],
    ['R-7.3 final due while DRAFTING → staff of the lead department (the compiler holds it)', 'final', 'DRAFTING', [leadStaff]],
    ['R-7.3 final due while REVISING → staff of the lead department', 'final', 'REVISING', [leadStaff]],
    ['R-7.3 final due in IN_REVIEW_L1 → dept head of the lead department (first-level review)', 'final', 'IN_REVIEW_L1', [leadHead]],
    ['R-7.3 final due in IN_REVIEW_L2 → admin (second-level review)', 'final', 'IN_REVIEW_L2', [admin]],
    ['R-7.3 final due in IN_REVIEW_L3 → VP and secretary-general (final review)', 'final', 'IN_REVIEW_L3', [vp, sg]],
    ['R-10.2 special meeting due → the VP (convenes and chairs it)', 'specialMeeting', 'AWAITING_SPECIAL_MEETING', [vp]],
    ['R-12.3 archive due → archivist', 'archive', 'ARCHIVING', [archivist]],
    ['R-16.1 feedback due → staff of the lead department', 'feedback', 'FEEDBACK', [leadStaff]],
    ['R-13.1 retention end near → archivist (disposal review)', 'retention', 'RETAINED', [archivist]],
  ] as const)('%s', (_title, key, stage, expected) => {
    expect(recipientRolesFor(key, 'reminder', stage)).toEqual(expected);
  });

  it('R-7.1 a base-data reminder always goes to the staff of the lead department, whatever the stage', () => {
    for (const stage of STAGES) {
      expect({ stage, rules: recipientRolesFor('baseData', 'reminder', stage) }).toEqual({ stage, rules: [leadStaff] });
    }
  });

  it.each([
    ['R-7.2 draft', 'draft', [leadStaff]],
    ['R-10.1 revision', 'revision', [leadStaff]],
    ['R-7.3 final (normally met in IN_REVIEW_L3)', 'final', [vp, sg]],
    ['R-10.2 special meeting', 'specialMeeting', [vp]],
    ['R-12.3 archive', 'archive', [archivist]],
    ['R-16.1 feedback', 'feedback', [leadStaff]],
    ['R-13.1 retention', 'retention', [archivist]],
  ] as const)('%s: a notice without its stage falls back to the stage the deadline belongs to', (_title, key, expected) => {
    expect(recipientRolesFor(key, 'reminder')).toEqual(expected);
  });

  it('every deadline key has an entry for both kinds, and every reminder reaches someone while a summary is held', () => {
    for (const key of DEADLINE_KEYS) {
      expect(recipientRolesFor(key, 'overdue').length).toBeGreaterThan(0);
      expect(recipientRolesFor(key, 'reminder').length).toBeGreaterThan(0);
      for (const stage of STAGES.filter((s) => s !== 'DISPOSED' && s !== 'CLOSED')) {
        expect({ key, stage, n: recipientRolesFor(key, 'reminder', stage).length > 0 }).toEqual({ key, stage, n: true });
      }
    }
    // Nobody holds a disposed summary or a closed registration.
    expect(recipientRolesFor('draft', 'reminder', 'DISPOSED')).toEqual([]);
    expect(recipientRolesFor('draft', 'reminder', 'CLOSED')).toEqual([]);
  });

  it('returns copies: editing a result does not change the table', () => {
    const first = recipientRolesFor('draft', 'overdue');
    first.pop();
    (first[0] as RecipientRule).role = 'vp';
    expect(recipientRolesFor('draft', 'overdue')).toEqual([leadHead, admin]);
    const held = recipientRolesFor('final', 'reminder', 'IN_REVIEW_L3');
    held.length = 0;
    expect(recipientRolesFor('final', 'reminder', 'IN_REVIEW_L3')).toEqual([vp, sg]);
  });

  it('describes the roles in Chinese for the "who must act" line', () => {
    expect(describeRecipients(recipientRolesFor('draft', 'overdue'))).toBe('主办部门负责人、行政部');
    expect(describeRecipients(recipientRolesFor('archive', 'overdue'))).toBe('行政部负责人');
    expect(describeRecipients(recipientRolesFor('final', 'reminder'))).toBe('分管副会长、秘书长');
    expect(describeRecipients(recipientRolesFor('final', 'reminder', 'IN_REVIEW_L1'))).toBe('主办部门负责人');
  });
});
