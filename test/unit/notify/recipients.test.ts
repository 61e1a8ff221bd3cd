import { DEADLINE_KEYS } from '../../../libs/domain/lifecycle.js';
import {
  describeRecipients,
  recipientRolesFor,
  type RecipientRule,
} from '../../../libs/notify/recipients.js';

const leadHead = { role: 'dept_head', scope: 'lead_department' };
const leadStaff = { role: 'staff', scope: 'lead_department' };
const admin = { role: 'admin', scope: 'association' };
const vp = { role: 'vp', scope: 'association' };
const sg = { role: 'secretary_general', scope: 'association' };
const archivist = { role: 'archivist', scope: 'association' };

describe('recipientRolesFor: escalations when a deadline passes (SPEC §3, "overdue" column)', () => {
  it.each([
    ['R-7.1 overdue base data → dept head', 'baseData', [leadHead]],
    ['R-7.2 overdue draft → dept head and admin', 'draft', [leadHead, admin]],
    ['R-10.1 overdue revision → dept head and admin', 'revision', [leadHead, admin]],
    ['R-7.3 overdue final → VP and secretary-general', 'final', [vp, sg]],
    ['R-12.3 overdue archive → admin head', 'archive', [{ ...admin, headOnly: true }]],
    ['R-16.1 overdue feedback → dept head', 'feedback', [leadHead]],
    ['R-10.2 special meeting pending → VP and secretary-general', 'specialMeeting', [vp, sg]],
    ['R-13.1 retention end → no escalation (the archivist’s disposal review follows)', 'retention', []],
  ] as const)('%s', (_title, key, expected) => {
    expect(recipientRolesFor(key, 'overdue')).toEqual(expected);
  });
});

describe('recipientRolesFor: reminders 1 working day before, to whoever must act (SPEC §3)', () => {
  it.each([
    ['R-7.1 base data due → staff of the lead department', 'baseData', [leadStaff]],
    ['R-7.2 draft due → staff of the lead department', 'draft', [leadStaff]],
    ['R-10.1 revision due → staff of the lead department', 'revision', [leadStaff]],
    ['R-7.3 final due → VP and secretary-general (final review)', 'final', [vp, sg]],
    ['R-10.2 special meeting due → VP (chairs the meeting)', 'specialMeeting', [vp]],
    ['R-12.3 archive due → archivist', 'archive', [archivist]],
    ['R-16.1 feedback due → staff of the lead department', 'feedback', [leadStaff]],
    ['R-13.1 retention end near → archivist (disposal review)', 'retention', [archivist]],
  ] as const)('%s', (_title, key, expected) => {
    expect(recipientRolesFor(key, 'reminder')).toEqual(expected);
  });

  it('every deadline key has an entry for both kinds, and every reminder reaches someone', () => {
    for (const key of DEADLINE_KEYS) {
      expect(Array.isArray(recipientRolesFor(key, 'overdue'))).toBe(true);
      expect(recipientRolesFor(key, 'reminder').length).toBeGreaterThan(0);
    }
  });

  it('returns copies: editing a result does not change the table', () => {
    const first = recipientRolesFor('draft', 'overdue');
    first.pop();
    (first[0] as RecipientRule).role = 'vp';
    expect(recipientRolesFor('draft', 'overdue')).toEqual([leadHead, admin]);
  });

  it('describes the roles in Chinese for the "who must act" line', () => {
    expect(describeRecipients(recipientRolesFor('draft', 'overdue'))).toBe('主办部门负责人、行政部');
    expect(describeRecipients(recipientRolesFor('archive', 'overdue'))).toBe('行政部负责人');
    expect(describeRecipients(recipientRolesFor('final', 'reminder'))).toBe('分管副会长、秘书长');
  });
});
