/**
 * The summary document (libs/summary/document.ts, SPEC §4) as the web form holds it, with the
 * Chinese names of its parts, a blank document to start from and the expected title.
 */
import { SUMMARY_MODULE_LABELS_ZH, SUMMARY_MODULES, type SummaryDocument, type SummaryModule } from '../../../../../libs/summary/document';
import type { Finding } from '../../../../../libs/summary/findings';
import type { ActivityDetail } from '../../api/views';
import { shanghai } from '../../format/dates';

export { SUMMARY_MODULES, SUMMARY_MODULE_LABELS_ZH, type SummaryModule, type SummaryDocument, type Finding };

/** Review comments may also be about the attachments and the title (apps/api COMMENT_TARGETS). */
export const COMMENT_TARGET_LABELS_ZH: Record<string, string> = { ...SUMMARY_MODULE_LABELS_ZH, attachments: '附件', title: '标题' };

/** The association name the R-6 title starts with (libs/summary/checks.ts DEFAULT_ASSOCIATION_NAME). */
export const ASSOCIATION = 'XX影视协会';

/** XX影视协会<activity name>活动总结（YYYY年MM月DD日）, full-width parentheses. */
export function expectedTitle(name: string, endAt: string): string {
  const d = shanghai(endAt);
  return `${ASSOCIATION}${name}活动总结\uFF08${d.format('YYYY')}年${d.format('MM')}月${d.format('DD')}日\uFF09`;
}

const split = () => ({ online: 0, offline: 0 });

/** A blank document with what the registration already says filled in. */
export function blankDocument(a: ActivityDetail, compiler: { name: string; department: string }): SummaryDocument {
  return {
    title: expectedTitle(a.name, a.endAt),
    overview: {
      basicInfo: {
        name: a.name,
        startAt: a.startAt,
        endAt: a.endAt,
        place: a.location,
        organizer: ASSOCIATION,
        host: '',
        coOrganizers: [...a.partners],
      },
      goals: { background: '', targets: [{ indicator: '', unit: '', target: 0 }] },
      participation: {
        staffRoles: [{ role: '', duty: '', headcount: 1 }],
        members: split(),
        guests: split(),
        audience: split(),
        keyOrganisations: [],
      },
    },
    execution: {
      preparation: { plan: '', budgetYuan: 0, resources: '', riskPlans: [''] },
      implementation: { segments: [{ segment: '', plannedMinutes: 0, actualMinutes: 0 }], onSiteManagement: '', technicalSupport: '' },
      closing: { inventoryReturn: '', expenseSettlement: { budgetYuan: 0, actualYuan: 0 }, feedbackCollection: '' },
    },
    effectiveness: {
      quantitative: {
        participation: {
          planned: a.plannedParticipants.online + a.plannedParticipants.offline,
          actual: (a.lifecycle?.baseData?.participants.online ?? 0) + (a.lifecycle?.baseData?.participants.offline ?? 0),
        },
        satisfaction: { responses: 0, satisfied: 0, fairlySatisfied: 0 },
        questionnaire: { issued: 0, returned: 0 },
        mediaExposure: { tvReports: 0, webReports: 0, shortVideoPlays: 0, topicReads: 0 },
      },
      qualitative: { industryImpact: '', socialValue: '', memberFeedback: '' },
    },
    lessons: { highlights: [{ practice: '', replicable: true }], problems: [{ description: '', kind: 'weakness' }] },
    improvements: { suggestions: [{ measure: '', responsibleDepartment: '', deadline: '', resourceNeeds: '' }] },
    attachments: [],
    compiler,
  };
}

/** Findings keyed by the part they are about: a field's own path, else its module or the document. */
export function findingsAt(findings: Finding[], path: string): Finding[] {
  return findings.filter((f) => f.path === path);
}

export function moduleOf(f: Finding): string {
  return f.module ?? f.path?.split('.')[0] ?? 'document';
}

/** Server 400 details of a summary (`document.…` fields) as blocking findings, so they show the same way. */
export function detailsAsFindings(details: Array<{ field?: string; code: string; message: string; messageZh: string }>): Finding[] {
  return details.map((d) => {
    const path = d.field?.replace(/^document\./, '');
    const head = path?.split('.')[0];
    const module = SUMMARY_MODULES.find((m) => m === head);
    const rule = /^R-[0-9.]+$/.test(d.code) ? (d.code as Finding['rule']) : 'R-9.1';
    const severity = d.messageZh.startsWith('[提示]') ? 'warning' : 'blocking';
    return {
      rule,
      severity,
      ...(module ? { module } : {}),
      ...(path ? { path } : {}),
      message: d.message,
      messageZh: d.messageZh.replace(/^\[(阻断|提示)\]\s*/, ''),
    };
  });
}
