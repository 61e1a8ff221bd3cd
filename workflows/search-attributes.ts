import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Typed search-attribute keys, so ops can filter lifecycles in the Temporal UI.
 * Names and types must match libs/temporal/search-attributes.json, which the launcher and
 * docker-compose register with the server (a unit test keeps the two in step).
 */
export const ActivityTypeKey = defineSearchAttributeKey('ActivityType', SearchAttributeType.KEYWORD);
export const LeadDepartmentKey = defineSearchAttributeKey('LeadDepartment', SearchAttributeType.KEYWORD);
export const StageKey = defineSearchAttributeKey('Stage', SearchAttributeType.KEYWORD);
export const IsMajorKey = defineSearchAttributeKey('IsMajor', SearchAttributeType.BOOL);
export const NextDeadlineKey = defineSearchAttributeKey('NextDeadline', SearchAttributeType.DATETIME);
export const IsOverdueKey = defineSearchAttributeKey('IsOverdue', SearchAttributeType.BOOL);

export const ALL_SEARCH_ATTRIBUTE_KEYS = [ActivityTypeKey, LeadDepartmentKey, StageKey, IsMajorKey, NextDeadlineKey, IsOverdueKey] as const;
