/**
 * desensitized publications: what they are and the shape of their content. Plain
 * data (stored as jsonb, answered by the API, rendered as text for the member platform).
 */

/** member_digest 会员平台摘要, public_short 公开简版. Wire values are stable. */
export const PUBLICATION_KINDS = ['member_digest', 'public_short'] as const;
export type PublicationKind = (typeof PUBLICATION_KINDS)[number];

export const PUBLICATION_KIND_LABELS_ZH: Record<PublicationKind, string> = {
  member_digest: '会员平台摘要',
  public_short: '公开简版',
};

/** A draft until admin approves it; only an approved one counts as published. */
export const PUBLICATION_STATUSES = ['draft', 'approved'] as const;
export type PublicationStatus = (typeof PUBLICATION_STATUSES)[number];

export const PUBLICATION_STATUS_LABELS_ZH: Record<PublicationStatus, string> = {
  draft: '待审定',
  approved: '已发布',
};

/** A headline figure, already formatted (`386 人`, `91.3%`). */
export interface PublicationFigure {
  label: string;
  value: string;
}

export interface PublicationSection {
  heading: string;
  paragraphs: string[];
}

export interface PublicationContent {
  title: string;
  /** The activity's date(s) in Beijing time, e.g. 2026年11月20日. */
  date: string;
  figures: PublicationFigure[];
  sections: PublicationSection[];
}

/** The content as plain text: title, date, figures, then each section (for pasting into the member platform). */
export function publicationText(c: PublicationContent): string {
  const lines = [c.title, c.date, ''];
  if (c.figures.length) lines.push(c.figures.map((f) => `${f.label}：${f.value}`).join('；'), '');
  for (const s of c.sections) lines.push(`【${s.heading}】`, ...s.paragraphs, '');
  return lines.join('\n').trimEnd();
}
