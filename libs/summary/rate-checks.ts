/** every rate carries its source numbers, and a stated rate must match them. */
import type { SummaryDraft } from './document.js';
import { finding, type Finding } from './findings.js';
import { participantTotal, percentage, RATE_TOLERANCE_POINTS, statedRateMatches } from './metrics.js';
import { isCount, isObject } from './values.js';

interface RateCheck {
  key: 'participation' | 'satisfaction' | 'questionnaire';
  labelEn: string;
  labelZh: string;
  /** The computed rate, or why the numbers cannot support one. */
  compute: (f: Record<string, unknown>) => { rate: number; sourceEn: string; sourceZh: string } | { problemEn: string; problemZh: string };
}

const RATES: RateCheck[] = [
  {
    key: 'participation',
    labelEn: 'participation rate',
    labelZh: '参与率',
    compute: ({ planned, actual }) => {
      if (!isCount(planned) || planned === 0 || !isCount(actual)) {
        return {
          problemEn: 'needs planned participants (> 0) and actual participants',
          problemZh: '须注明计划参与人数(大于0)和实际参与人数',
        };
      }
      return {
        rate: percentage(actual, planned)!,
        sourceEn: `${actual}/${planned} planned`,
        sourceZh: `计划参与${planned}人,实际参与${actual}人`,
      };
    },
  },
  {
    key: 'satisfaction',
    labelEn: 'satisfaction',
    labelZh: '满意度',
    compute: ({ responses, satisfied, fairlySatisfied }) => {
      if (!isCount(responses) || responses === 0 || !isCount(satisfied) || !isCount(fairlySatisfied)) {
        return {
          problemEn: 'needs responses (> 0) and the "satisfied" and "fairly satisfied" counts',
          problemZh: '须注明有效答卷数(大于0)及“满意”“较满意”人数',
        };
      }
      if (satisfied + fairlySatisfied > responses) {
        return {
          problemEn: `satisfied + fairly satisfied (${satisfied + fairlySatisfied}) exceed the ${responses} responses`,
          problemZh: `“满意”与“较满意”合计${satisfied + fairlySatisfied}份,超过有效答卷${responses}份`,
        };
      }
      return {
        rate: percentage(satisfied + fairlySatisfied, responses)!,
        sourceEn: `(${satisfied} satisfied + ${fairlySatisfied} fairly satisfied)/${responses} responses`,
        sourceZh: `有效答卷${responses}份,其中“满意”${satisfied}份、“较满意”${fairlySatisfied}份`,
      };
    },
  },
  {
    key: 'questionnaire',
    labelEn: 'questionnaire return rate',
    labelZh: '问卷回收率',
    compute: ({ issued, returned }) => {
      if (!isCount(issued) || issued === 0 || !isCount(returned)) {
        return { problemEn: 'needs questionnaires issued (> 0) and returned', problemZh: '须注明发放问卷份数(大于0)和回收份数' };
      }
      if (returned > issued) {
        return { problemEn: `${returned} returned exceed ${issued} issued`, problemZh: `回收${returned}份,超过发放的${issued}份` };
      }
      return {
        rate: percentage(returned, issued)!,
        sourceEn: `${returned} returned of ${issued} issued`,
        sourceZh: `发放问卷${issued}份,回收${returned}份`,
      };
    },
  },
];

export function checkRates(doc: SummaryDraft): Finding[] {
  const quantitative = doc.effectiveness?.quantitative;
  const out: Finding[] = [];
  for (const { key, labelEn, labelZh, compute } of RATES) {
    const figures = quantitative?.[key] as Record<string, unknown> | undefined;
    if (!isObject(figures)) continue; // absent
    const path = `effectiveness.quantitative.${key}`;
    const result = compute(figures);
    if ('problemEn' in result) {
      out.push(
        finding(
          'R-9.2',
          'blocking',
          path,
          `The ${labelEn} has no usable source numbers: it ${result.problemEn}`,
          `${labelZh}缺少有效的来源数据:${result.problemZh}`,
        ),
      );
      continue;
    }
    const stated = figures.statedRate;
    if (stated === undefined || stated === null) continue;
    if (typeof stated !== 'number' || !statedRateMatches(stated, result.rate)) {
      out.push(
        finding(
          'R-9.2',
          'blocking',
          `${path}.statedRate`,
          `The stated ${labelEn} ${String(stated)}% does not match ${result.sourceEn} = ${result.rate.toFixed(1)}% ` +
            `(tolerance ±${RATE_TOLERANCE_POINTS} points)`,
          `${labelZh}填报为${String(stated)}%,与“${result.sourceZh}”计算所得${result.rate.toFixed(1)}%不符(允许误差±${RATE_TOLERANCE_POINTS}个百分点)`,
        ),
      );
    }
  }
  out.push(...checkParticipantTotals(doc));
  return out;
}

/** The rate's "actual" should be the people counted in the overview; a gap is worth a look. */
function checkParticipantTotals(doc: SummaryDraft): Finding[] {
  const p = doc.overview?.participation;
  const actual = doc.effectiveness?.quantitative?.participation?.actual;
  const counts = [p?.members, p?.guests, p?.audience].flatMap((c) => [c?.online, c?.offline]);
  if (!isCount(actual) || !counts.every(isCount)) return [];
  const total = participantTotal(p as Parameters<typeof participantTotal>[0]);
  if (total === actual) return [];
  return [
    finding(
      'R-9.2',
      'warning',
      'effectiveness.quantitative.participation.actual',
      `Actual participants ${actual} differ from the overview's members + guests + audience = ${total}`,
      `实际参与人数${actual}人与活动概述中会员、嘉宾、观众合计${total}人不一致`,
    ),
  ];
}
