/**
 * R-12 the archive copy's names, generated when the final version is formed (SPEC §5):
 *
 *   electronic copy  <活动名称>总结<YYYYMMDD>        (YYYYMMDD: the activity's end day, Asia/Shanghai)
 *   its folder       活动总结/<年>/<活动类型中文名>/
 *   paper label      <活动名称>活动总结档案
 *
 * Pure: the store and the database decide nothing here. Two activities with the same name and end
 * day get the same base name; the second one to be archived gets `-<first 8 hex of its id>`
 * appended (`withSuffix`), recorded in `archive_records` so the name never changes afterwards.
 */
import { shanghaiDate } from '../calendar/dates.js';
import { ACTIVITY_TYPE_LABELS_ZH, type ActivityType } from '../domain/activity.js';

/** The root folder of every electronic copy. */
export const ARCHIVE_ROOT = '活动总结';

/** File extension of the stored copy: the final version as DOCX. */
export const ARCHIVE_EXTENSION = '.docx';

export interface ArchiveSubject {
  id: string;
  name: string;
  type: ActivityType;
  endAt: Date;
}

export interface ArchiveNaming {
  /** `<活动名称>总结<YYYYMMDD>`, plus `-<id8>` when another activity holds the plain name. */
  electronicName: string;
  /** `活动总结/<年>/<活动类型中文名>/`, always ending with `/`. */
  folder: string;
  /** `<活动名称>活动总结档案`: what is printed on the paper file's spine label. */
  paperLabel: string;
  /** The store key of the DOCX: folder + electronic name + `.docx`. */
  key: string;
}

/**
 * Characters a folder or file name cannot hold on common file systems (and path separators):
 * replaced by `_`, so a name such as `A/B 论坛` stays one file inside its folder.
 */
const UNSAFE = /[/\\:*?"<>|\u0000-\u001f\u007f]/g;

/** The activity name as one safe path segment: unsafe characters replaced, whitespace trimmed, no leading dots. */
export function safeSegment(name: string): string {
  const cleaned = name.replace(UNSAFE, '_').trim().replace(/^\.+/, '_');
  return cleaned || '_';
}

/** `YYYYMMDD` of an instant's calendar day in Asia/Shanghai. */
export function shanghaiCompactDate(instant: Date): string {
  return shanghaiDate(instant).replaceAll('-', '');
}

/** The deterministic disambiguation suffix: the first 8 hex digits of the activity id. */
export function collisionSuffix(activityId: string): string {
  return `-${activityId.replaceAll('-', '').slice(0, 8).toLowerCase()}`;
}

export function typeLabelZh(type: ActivityType): string {
  return Object.hasOwn(ACTIVITY_TYPE_LABELS_ZH, type) ? ACTIVITY_TYPE_LABELS_ZH[type] : ACTIVITY_TYPE_LABELS_ZH.other;
}

/** The names of `subject`'s archive copy; `withSuffix` when the plain name is taken by another activity. */
export function archiveNaming(subject: ArchiveSubject, { withSuffix = false }: { withSuffix?: boolean } = {}): ArchiveNaming {
  const day = shanghaiCompactDate(subject.endAt);
  const name = safeSegment(subject.name);
  const electronicName = `${name}总结${day}${withSuffix ? collisionSuffix(subject.id) : ''}`;
  const folder = `${ARCHIVE_ROOT}/${day.slice(0, 4)}/${typeLabelZh(subject.type)}/`;
  return {
    electronicName,
    folder,
    // The label is printed, not a path: the name as registered.
    paperLabel: `${subject.name.trim()}活动总结档案`,
    key: `${folder}${electronicName}${ARCHIVE_EXTENSION}`,
  };
}

/** What the archivist must enter as the electronic copy's location: the generated folder + name. */
export function electronicLocation(naming: Pick<ArchiveNaming, 'folder' | 'electronicName'>): string {
  return `${naming.folder}${naming.electronicName}`;
}
