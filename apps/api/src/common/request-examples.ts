/**
 * One complete, valid example for every JSON request body, shown in the OpenAPI document
 * (`/docs`): a client can copy them in order — sign in, register the example activity, record
 * its base data, submit the example summary (it passes every check), review, archive, give
 * feedback — and each is accepted. test/e2e/openapi-examples.test.ts replays them from /docs-json.
 */
import type { Type } from '@nestjs/common';
import { ApiBody } from '@nestjs/swagger';
import { EXAMPLE_CONTEXT, exampleSummary } from '../../../../libs/summary/index.js';

/** An OpenAPI example object, as `@ApiBody({ examples })` takes it. */
export interface RequestExample {
  summary: string;
  value: unknown;
}

const day = EXAMPLE_CONTEXT.activityEndDate; // 2026-11-20
const compact = day.replaceAll('-', '');

export const REQUEST_EXAMPLES = {
  login: {
    staff: { summary: 'Demo staff of publicity (embedded demo organisation)', value: { username: 'staff', password: 'demo-password' } },
  },
  registerActivity: {
    seminar: {
      summary: 'The seminar the example summary is about',
      value: {
        name: EXAMPLE_CONTEXT.activityName,
        type: 'seminar',
        leadDepartment: 'publicity',
        coOrganizers: ['training'],
        partners: ['某某影视集团'],
        startAt: `${day}T09:00:00+08:00`,
        endAt: `${day}T17:30:00+08:00`,
        location: '协会多功能厅',
        plannedParticipants: { online: 200, offline: 300 },
        releasesPolicy: false,
        anniversary: false,
        nationalLevel: false,
      },
    },
  },
  baseData: {
    settled: {
      summary: 'Actual participants and the expense settlement (R-7.1)',
      value: { participants: { online: 180, offline: 260 }, expenseSettled: true, notes: '线上直播观看人数以平台后台统计为准' },
    },
  },
  summary: {
    complete: {
      summary:
        'A summary that passes every automatic check for the example activity; replace ' +
        "the attachment ids with your uploads' (placeholders are reported as warnings)",
      value: { document: exampleSummary() },
    },
  },
  review: {
    approve: {
      summary: 'Approve at level 1 (dept head)',
      value: { level: 1, decision: 'approve', comments: [{ module: 'overview', text: '数据完整,同意提交复核' }] },
    },
    return: {
      summary: 'Return at level 1 with comments per module',
      value: {
        level: 1,
        decision: 'return',
        comments: [
          { module: 'effectiveness', text: '媒体曝光数据请注明统计口径与截止日期' },
          { module: 'improvements', text: '第2条建议请明确配合部门' },
        ],
      },
    },
  },
  specialMeeting: {
    revise: {
      summary: 'R-10.2 the special meeting asks for one more revision',
      value: {
        decision: 'revise',
        date: '2026-11-27',
        attendees: ['分管副会长', '行政部', '宣传部'],
        minutes: '会议认为需补充媒体曝光数据后再提交终审',
      },
    },
  },
  archive: {
    electronic: {
      summary: 'The electronic copy, named and filed as SPEC §5 says',
      value: { medium: 'electronic', location: `活动总结/2026/学术研讨/${EXAMPLE_CONTEXT.activityName}总结${compact}` },
    },
    paper: {
      summary: 'The stamped and bound paper copy, with its attachments',
      value: {
        medium: 'paper',
        location: `档案室 A-12:${EXAMPLE_CONTEXT.activityName}活动总结档案`,
        stamped: true,
        bound: true,
        attachmentsIncluded: true,
      },
    },
  },
  feedback: {
    record: {
      summary: 'The feedback record (反馈记录单, R-16.1)',
      value: { summary: '协办部门反馈:参与人数统计无误;建议补充线上互动数据', recordId: 'FK-2026-031' },
    },
  },
  disposal: {
    extend: { summary: 'Keep it 2 more years', value: { decision: 'extend', extendYears: 2, reason: '该活动总结仍作为培训案例使用' } },
    destroy: { summary: 'Destroy it (recorded)', value: { decision: 'destroy', reason: '保管期满,无继续保存价值' } },
  },
  retention: {
    permanent: { summary: 'Keep it for ever (R-13.1)', value: { permanent: true, reason: '协会成立二十周年庆典,具有长期史料价值' } },
    undo: { summary: 'Undo: the 3-year retention runs again', value: { permanent: false, reason: '误标为永久保管,恢复三年保管期' } },
  },
  scoreFlag: {
    falsified: {
      summary: 'The supervisory board flags the summary as falsified (通报, R-18: quality −10)',
      value: { kind: 'falsified', value: true, reason: '经监事会核查,满意度问卷回收数与原始问卷不符' },
    },
    commended: {
      summary: 'Management records the authorities’ commendation (R-18: application +10)',
      value: { kind: 'commended', value: true, reason: '主管部门2026年第3号通报予以表扬' },
    },
    withdraw: {
      summary: 'Withdraw a flag: the latest entry is in force',
      value: { kind: 'falsified', value: false, reason: '复核后确认数据无误,撤销通报' },
    },
  },
  supervisionSample: {
    year: {
      summary: 'R-17 five activities of the year, drawn with a seed the board can quote',
      value: { from: '2026-01-01', to: '2026-12-31', size: 5, seed: 'board-2026' },
    },
  },
  calendarOverride: {
    closure: {
      summary: 'The association is closed for its year-end inventory',
      value: { kind: 'closure', dateFrom: '2026-12-30', dateTo: '2026-12-31', nameZh: '年终盘点闭馆', reason: '行政部年终资产盘点' },
    },
  },
  officialYear: {
    notice2027: {
      summary: "A year's schedule imported from the State Council notice (abridged: the real notice lists every day off)",
      value: {
        source: '国务院办公厅关于2027年部分节假日安排的通知',
        holidays: [
          { date: '2027-01-01', nameZh: '元旦', name: "New Year's Day" },
          { date: '2027-02-06', nameZh: '春节', name: 'Spring Festival' },
          { date: '2027-02-07', nameZh: '春节', name: 'Spring Festival' },
          { date: '2027-02-08', nameZh: '春节', name: 'Spring Festival' },
          { date: '2027-10-01', nameZh: '国庆节', name: 'National Day' },
          { date: '2027-10-02', nameZh: '国庆节', name: 'National Day' },
          { date: '2027-10-03', nameZh: '国庆节', name: 'National Day' },
        ],
        workdays: [{ date: '2027-02-20', nameZh: '春节', name: 'Spring Festival' }],
      },
    },
  },
  createUser: {
    staff: {
      summary: 'A new member of staff in publicity',
      value: { username: 'li.si', displayName: '李四', role: 'staff', department: 'publicity', password: 'change-me-at-first-sign-in' },
    },
    vp: {
      summary: 'An association-wide role has no department',
      value: { username: 'zhao.vp', displayName: '赵副会长', role: 'vp', password: 'change-me-at-first-sign-in' },
    },
  },
  updateUser: {
    promote: {
      summary: 'Make a member of staff the head of their department',
      value: { role: 'dept_head', displayName: '李四(宣传部负责人)' },
    },
    deactivate: { summary: 'Deactivate someone who left (kept for the audit log)', value: { active: false } },
  },
  setPassword: {
    reset: { summary: 'A new password for someone who forgot theirs', value: { password: 'a-new-password-2026' } },
  },
  changeOwnPassword: {
    change: { summary: 'Change your own password', value: { currentPassword: 'demo-password', newPassword: 'my-new-password-2026' } },
  },
  createDepartment: {
    international: {
      summary: 'A new department',
      value: { code: 'international', nameZh: '国际交流部', nameEn: 'International Exchange' },
    },
  },
  preferences: {
    email: { summary: 'E-mail as well as the inbox', value: { email: 'zhang.san@example.org', wantsEmail: true } },
  },
} satisfies Record<string, Record<string, RequestExample>>;

/** `@ApiBody` with the DTO's schema and its named examples. */
export function ApiExamples(type: Type<unknown>, examples: Record<string, RequestExample>): MethodDecorator {
  return ApiBody({ type, examples });
}
