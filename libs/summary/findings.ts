/** What the automatic submission checks report (SPEC §4): every finding names its rule. */
import { SUMMARY_MODULES, type SummaryModule } from './document.js';

export const FINDING_RULES = ['R-9.1', 'R-9.2', 'R-9.3', 'R-9.4', 'R-9.5', 'R-6'] as const;
export type FindingRule = (typeof FINDING_RULES)[number];

/** Blocking findings refuse the submission; warnings are shown to reviewers. */
export type Severity = 'blocking' | 'warning';

export interface Finding {
  rule: FindingRule;
  severity: Severity;
  /** The module the finding is about, so reviewers can comment per module. */
  module?: SummaryModule;
  /** Dotted path into the document, array indexes included: `lessons.problems.1.description`. */
  path?: string;
  message: string;
  messageZh: string;
}

export function finding(rule: FindingRule, severity: Severity, path: string | undefined, message: string, messageZh: string): Finding {
  const head = path?.split('.')[0];
  const module = SUMMARY_MODULES.find((m) => m === head);
  return {
    rule,
    severity,
    ...(module ? { module } : {}),
    ...(path ? { path } : {}),
    message,
    messageZh,
  };
}

export function hasBlocking(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'blocking');
}
