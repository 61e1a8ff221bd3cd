/**
 * Automatic checks at submission (SPEC §4). Pure: no clock, no I/O. Accepts an incomplete
 * draft as well as a validated document, so a half-filled form can be checked too; whether
 * the attachment ids exist and belong to the activity is the caller's business.
 */
import { checkAttachments, checkAttachmentUploads, type UploadedAttachment } from './attachment-checks.js';
import { checkCompleteness } from './completeness.js';
import type { SummaryDraft } from './document.js';
import { finding, type Finding } from './findings.js';
import { checkRates } from './rate-checks.js';
import { isDepartmentCode, isIsoDate, isText } from './values.js';

export { hasBlocking, FINDING_RULES, type Finding, type FindingRule, type Severity } from './findings.js';
export { contentHash, canonicalJson } from './hash.js';
export { PHOTO_COUNT, type UploadedAttachment } from './attachment-checks.js';

export interface CheckContext {
  /** The registered activity's name, as the title must carry it. */
  activityName: string;
  /** The activity's end date, YYYY-MM-DD in Asia/Shanghai. */
  activityEndDate: string;
  associationName?: string;
  /**
   * The activity's id and the uploads the document's attachment ids name (by id, whatever their
   * activity): when given, each listed attachment must be one of this activity's, of its kind.
   */
  uploads?: { activityId: string; byId: ReadonlyMap<string, UploadedAttachment> };
}

export const DEFAULT_ASSOCIATION_NAME = 'XX影视协会';

export function runChecks(doc: SummaryDraft, context: CheckContext): Finding[] {
  assertContext(context);
  return [
    ...checkTitle(doc.title, context),
    ...checkCompiler(doc.compiler),
    ...checkCompleteness(doc),
    ...checkRates(doc),
    ...checkProblems(doc),
    ...checkSuggestions(doc, context.activityEndDate),
    ...checkAttachments(doc.attachments),
    ...(context.uploads ? checkAttachmentUploads(doc.attachments, context.uploads.activityId, context.uploads.byId) : []),
  ];
}

// ── R-6: title and compiler ─────────────────────────────────────────────────────────────

/** Full-width parentheses (U+FF08/U+FF09), escaped so no editor or tool can flatten them. */
const OPEN = '\uFF08';
const CLOSE = '\uFF09';

/**
 * The title of art. 6.1, e.g. XX影视协会2026青年导演论坛活动总结（2026年11月20日） with
 * full-width parentheses, as Chinese official documents write them.
 */
export function expectedTitle(context: CheckContext): string {
  const [y, m, d] = context.activityEndDate.split('-');
  return `${context.associationName ?? DEFAULT_ASSOCIATION_NAME}${context.activityName}活动总结${OPEN}${y}年${m}月${d}日${CLOSE}`;
}

const toFullWidthParens = (s: string) => s.replace(/\(/g, OPEN).replace(/\)/g, CLOSE);

function checkTitle(title: unknown, context: CheckContext): Finding[] {
  const expected = expectedTitle(context);
  const given = typeof title === 'string' ? title.trim() : '';
  if (given === expected) return [];
  // SPEC §4 and the stored regulation text spell the template with half-width parentheses, so a
  // title copied from them is not refused; the format check of review sees the warning.
  if (toFullWidthParens(given) === toFullWidthParens(expected)) {
    return [
      finding(
        'R-6',
        'warning',
        'title',
        `Use full-width parentheses ${OPEN}${CLOSE} as in the template: ${expected}`,
        `标题请使用全角括号${OPEN}${CLOSE},与模板一致:${expected}`,
      ),
    ];
  }
  return [
    finding(
      'R-6',
      'blocking',
      'title',
      `The title must be exactly "${expected}" (association, activity name, end date)`,
      `标题须为「${expected}」(协会名称+活动名称+活动总结+结束日期)`,
    ),
  ];
}

function checkCompiler(compiler: SummaryDraft['compiler']): Finding[] {
  const out: Finding[] = [];
  if (!isText(compiler?.name)) {
    out.push(finding('R-6', 'blocking', 'compiler.name', 'The compiler (编制人) is not named', '未填写编制人姓名'));
  }
  if (!isDepartmentCode(compiler?.department)) {
    out.push(
      finding(
        'R-6',
        'blocking',
        'compiler.department',
        "The compiler's department code is missing or invalid",
        '编制人所在部门缺失或部门代码无效',
      ),
    );
  }
  return out;
}

// ──: problems name a measurable fact ──────────────────────────────────────────────

/** Digits, percentages, Chinese fractions and multiples (三成, 两倍, 三分之一, 半数). */
const QUANTITY = /[0-9０-９%％‰]|百分之|[零一二两三四五六七八九十百千万]+(?:成|倍|分之)|半数|一半|过半/;
/** Publicity channels count as concrete facts (art. 9.3: "抖音平台投放量…"). 电视剧 is not a channel. */
const CHANNEL =
  /抖音|微信|公众号|视频号|微博|b站|哔哩哔哩|快手|小红书|知乎|今日头条|官网|电视(?!剧)|广播|douyin|wechat|weibo|bilibili|kuaishou/i;

export function namesMeasurableFact(description: string): boolean {
  return QUANTITY.test(description) || CHANNEL.test(description);
}

function checkProblems(doc: SummaryDraft): Finding[] {
  const problems = doc.lessons?.problems;
  if (!Array.isArray(problems)) return [];
  return problems.flatMap((p, i) =>
    isText(p?.description) && !namesMeasurableFact(p.description)
      ? [
          finding(
            'R-9.3',
            'warning',
            `lessons.problems.${i}.description`,
            `Problem ${i + 1} is not specific: name a number, a percentage or a channel`,
            `问题分析第${i + 1}项不够具体:请写明数字、比例或渠道(如“抖音平台投放量仅完成计划50%”)`,
          ),
        ]
      : [],
  );
}

// ──: suggestions are actionable ───────────────────────────────────────────────────

function checkSuggestions(doc: SummaryDraft, activityEndDate: string): Finding[] {
  const suggestions = doc.improvements?.suggestions;
  if (!Array.isArray(suggestions)) return [];
  return suggestions.flatMap((s, i) => {
    const at = `improvements.suggestions.${i}`;
    const n = i + 1;
    const out: Finding[] = [];
    const dept = s?.responsibleDepartment;
    if (!isText(dept)) {
      out.push(
        finding(
          'R-9.4',
          'blocking',
          `${at}.responsibleDepartment`,
          `Suggestion ${n} names no responsible department`,
          `改进建议第${n}项未明确责任部门`,
        ),
      );
    } else if (!isDepartmentCode(dept)) {
      out.push(
        finding(
          'R-9.4',
          'blocking',
          `${at}.responsibleDepartment`,
          `Suggestion ${n}: "${dept}" is not a department code`,
          `改进建议第${n}项的责任部门“${dept}”不是有效的部门代码`,
        ),
      );
    }
    const deadline = s?.deadline;
    if (!isText(deadline)) {
      out.push(
        finding('R-9.4', 'blocking', `${at}.deadline`, `Suggestion ${n} has no completion deadline`, `改进建议第${n}项未明确完成时限`),
      );
    } else if (!isIsoDate(deadline)) {
      out.push(
        finding(
          'R-9.4',
          'blocking',
          `${at}.deadline`,
          `Suggestion ${n}: deadline "${deadline}" is not a date (YYYY-MM-DD)`,
          `改进建议第${n}项的完成时限“${deadline}”不是有效日期(YYYY-MM-DD)`,
        ),
      );
    } else if (deadline <= activityEndDate) {
      out.push(
        finding(
          'R-9.4',
          'warning',
          `${at}.deadline`,
          `Suggestion ${n}: deadline ${deadline} is not after the activity ended (${activityEndDate})`,
          `改进建议第${n}项的完成时限${deadline}不晚于活动结束日期${activityEndDate}`,
        ),
      );
    }
    return out;
  });
}

function assertContext(context: CheckContext): void {
  if (!isText(context.activityName)) throw new RangeError('runChecks: activityName is required');
  if (!isIsoDate(context.activityEndDate)) {
    throw new RangeError(`runChecks: activityEndDate must be YYYY-MM-DD, got ${context.activityEndDate}`);
  }
}
