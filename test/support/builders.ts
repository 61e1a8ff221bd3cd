import { randomUUID } from 'node:crypto';

/** Test-data builder for POST /api/activities bodies: valid by default, override what a test is about. */
export function activityBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: `测试活动-${randomUUID().slice(0, 8)}`,
    type: 'seminar',
    leadDepartment: 'publicity',
    coOrganizers: ['training'],
    partners: ['某某影视集团'],
    startAt: '2026-09-30T09:00:00+08:00',
    endAt: '2026-09-30T17:30:00+08:00',
    location: '协会多功能厅',
    plannedParticipants: { online: 100, offline: 200 },
    releasesPolicy: false,
    ...overrides,
  };
}

/** A department code no other test uses, to find this test's workflows by search attribute. */
export function uniqueDepartment(): string {
  return `d_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
}
