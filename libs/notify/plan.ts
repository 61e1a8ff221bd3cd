/**
 * Which channels carry a notification. Personal channels follow the user's choice; the inbox is
 * always used because it is the record the API shows. Group robots are per deployment, not per
 * user: one robot message per event reaches the whole group (its dedupe recipient is the group).
 */
import type { RobotKind } from './channels/webhook.js';
import type { NotifyConfig } from './config.js';

export interface RecipientChoice {
  /** Absent or empty: the user has no address, so no e-mail. */
  email?: string | null;
  /** The user's choice; defaults to true when an address is known. */
  wantsEmail?: boolean;
}

export function personalChannels(user: RecipientChoice, config: NotifyConfig): ('inbox' | 'email')[] {
  const email = config.email !== null && !!user.email && user.wantsEmail !== false;
  return email ? ['inbox', 'email'] : ['inbox'];
}

export function groupRobots(config: NotifyConfig): RobotKind[] {
  return (['wecom', 'dingtalk', 'feishu'] as const).filter((k) => config.robots[k] !== null);
}
