import { ROLES, type Actor, type Role } from '../../../libs/domain/roles.js';
import { ApiError, ErrorCode } from '../../../apps/api/src/common/api-error.js';
import {
  INTERNAL_ROLES,
  assertCanActForDepartment,
  assertCanReadActivity,
  assertCanReview,
  assertCanWrite,
  canActForDepartment,
  canReadActivity,
  canReview,
  canWrite,
  type ReviewLevel,
} from '../../../apps/api/src/auth/policy.js';

const DEPARTMENTAL: Role[] = ['staff', 'dept_head'];
const actor = (role: Role, department: string | null = DEPARTMENTAL.includes(role) ? 'publicity' : null): Actor => ({
  userId: `u-${role}`,
  role,
  department,
});

function forbidden(fn: () => void): ApiError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    const e = err as ApiError;
    expect(e.toBody()).toMatchObject({
      statusCode: 403,
      code: ErrorCode.FORBIDDEN,
      message: expect.any(String),
      messageZh: expect.any(String),
    });
    expect(e.messageZh).toMatch(/[\u4e00-\u9fff]/);
    return e;
  }
  throw new Error('expected a 403');
}

describe('canWrite / assertCanWrite', () => {
  it.each(ROLES.map((r) => [r, !['supervisor', 'external'].includes(r)] as const))('%s may write: %s', (role, allowed) => {
    expect(canWrite(actor(role))).toBe(allowed);
    if (allowed) expect(() => assertCanWrite(actor(role))).not.toThrow();
    else expect(forbidden(() => assertCanWrite(actor(role))).messageZh).toContain('只读');
  });
});

describe('canActForDepartment / assertCanActForDepartment', () => {
  it.each(DEPARTMENTAL)('%s acts for its own department only', (role) => {
    expect(canActForDepartment(actor(role, 'publicity'), 'publicity')).toBe(true);
    expect(canActForDepartment(actor(role, 'publicity'), 'training')).toBe(false);
    const e = forbidden(() => assertCanActForDepartment(actor(role, 'publicity'), 'training'));
    expect(e.message).toContain('training');
    expect(e.details[0]).toMatchObject({ code: 'otherDepartment' });
  });

  it('a departmental role with no department acts for none', () => {
    expect(canActForDepartment(actor('staff', null), 'publicity')).toBe(false);
  });

  it.each(['admin', 'archivist', 'vp', 'secretary_general', 'management'] as Role[])(
    '%s (association-wide) is not limited by department',
    (role) => {
      expect(canActForDepartment(actor(role), 'training')).toBe(true);
      expect(() => assertCanActForDepartment(actor(role), 'training')).not.toThrow();
    },
  );

  it.each(['supervisor', 'external'] as Role[])('%s never acts, for any department', (role) => {
    expect(canActForDepartment(actor(role), 'publicity')).toBe(false);
    expect(canActForDepartment(actor(role, 'publicity'), 'publicity')).toBe(false);
    expect(forbidden(() => assertCanActForDepartment(actor(role), 'publicity')).details[0]).toMatchObject({ code: 'readOnlyRole' });
  });
});

describe('canReview / assertCanReview (R-8)', () => {
  const expected: Record<ReviewLevel, Role[]> = { 1: ['dept_head'], 2: ['admin'], 3: ['vp', 'secretary_general'] };
  const cases = ([1, 2, 3] as ReviewLevel[]).flatMap((level) =>
    ROLES.map((role) => [level, role, expected[level].includes(role)] as const),
  );

  it.each(cases)('L%s by %s (of the lead department): %s', (level, role, allowed) => {
    expect(canReview(actor(role, DEPARTMENTAL.includes(role) ? 'publicity' : null), level, 'publicity')).toBe(allowed);
    if (!allowed) forbidden(() => assertCanReview(actor(role), level, 'publicity'));
  });

  it('L1 only by the head of the lead department, not another department’s head', () => {
    expect(canReview(actor('dept_head', 'training'), 1, 'publicity')).toBe(false);
    const e = forbidden(() => assertCanReview(actor('dept_head', 'training'), 1, 'publicity'));
    expect(e.message).toContain('head of publicity');
    expect(e.messageZh).toContain('初审');
  });

  it('L2 and L3 do not depend on the lead department', () => {
    expect(canReview(actor('admin'), 2, 'anything')).toBe(true);
    expect(canReview(actor('secretary_general'), 3, 'anything')).toBe(true);
    expect(() => assertCanReview(actor('vp'), 3, 'training')).not.toThrow();
  });
});

describe('canReadActivity / assertCanReadActivity', () => {
  it.each(ROLES.map((r) => [r, r !== 'external'] as const))(
    '%s reads a publicity activity (as a publicity member if departmental): %s',
    (role, allowed) => {
      expect(canReadActivity(actor(role), 'publicity')).toBe(allowed);
    },
  );

  it.each(DEPARTMENTAL)('%s of training may not read a publicity activity', (role) => {
    expect(canReadActivity(actor(role, 'training'), 'publicity')).toBe(false);
    expect(forbidden(() => assertCanReadActivity(actor(role, 'training'), 'publicity')).message).toContain('publicity');
  });

  it('the supervisor and management read every department', () => {
    for (const role of ['supervisor', 'management', 'admin'] as Role[]) expect(canReadActivity(actor(role), 'training')).toBe(true);
  });

  it('INTERNAL_ROLES is every role but external', () => {
    expect([...INTERNAL_ROLES].sort()).toEqual(ROLES.filter((r) => r !== 'external').sort());
  });
});
