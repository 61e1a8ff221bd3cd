import { readFileSync } from 'node:fs';
import { ConfigError, DEFAULTS, LIFECYCLE_BOUNDS, loadConfig } from '../../libs/config/config.js';
import { DEFAULT_LIFECYCLE_SETTINGS } from '../../libs/domain/lifecycle.js';
import { testKeys } from '../support/keys.js';

const base = { DATABASE_URL: 'postgres://x@h/db', ...testKeys() };

describe('lifecycle settings from the environment (LIFECYCLE_*)', () => {
  it('R-10.2 R-13.1 R-16.1 default to SPEC §3: reminders 1 working day before, meeting reminder after 5, feedback 1 month, 3 years', () => {
    expect(loadConfig(base).lifecycle).toEqual({
      reminderWorkingDaysBefore: 1,
      specialMeetingReminderWorkingDays: 5,
      feedbackMonths: 1,
      retentionYears: 3,
    });
    // The workflow's own defaults (for inputs without settings) are the same numbers.
    expect(loadConfig(base).lifecycle).toEqual(DEFAULT_LIFECYCLE_SETTINGS);
  });

  it('reads each variable into its setting', () => {
    const c = loadConfig({
      ...base,
      LIFECYCLE_REMINDER_WORKING_DAYS: '2',
      LIFECYCLE_SPECIAL_MEETING_WORKING_DAYS: '7',
      LIFECYCLE_FEEDBACK_MONTHS: '2',
      LIFECYCLE_RETENTION_YEARS: '10',
    });
    expect(c.lifecycle).toEqual({
      reminderWorkingDaysBefore: 2,
      specialMeetingReminderWorkingDays: 7,
      feedbackMonths: 2,
      retentionYears: 10,
    });
  });

  it('accepts LIFECYCLE_REMINDER_WORKING_DAYS=0 (no reminders) and both ends of every range', () => {
    expect(loadConfig({ ...base, LIFECYCLE_REMINDER_WORKING_DAYS: '0' }).lifecycle.reminderWorkingDaysBefore).toBe(0);
    for (const [name, [min, max]] of Object.entries(LIFECYCLE_BOUNDS)) {
      expect(() => loadConfig({ ...base, [name]: String(min) })).not.toThrow();
      expect(() => loadConfig({ ...base, [name]: String(max) })).not.toThrow();
    }
  });

  it.each([
    ['LIFECYCLE_REMINDER_WORKING_DAYS', '-1', 'from 0 to 10'],
    ['LIFECYCLE_REMINDER_WORKING_DAYS', '11', 'from 0 to 10'],
    ['LIFECYCLE_REMINDER_WORKING_DAYS', '1.5', 'from 0 to 10'],
    ['LIFECYCLE_SPECIAL_MEETING_WORKING_DAYS', '0', 'from 1 to 60'],
    ['LIFECYCLE_SPECIAL_MEETING_WORKING_DAYS', 'five', 'from 1 to 60'],
    ['LIFECYCLE_FEEDBACK_MONTHS', '0', 'from 1 to 12'],
    ['LIFECYCLE_FEEDBACK_MONTHS', '13', 'from 1 to 12'],
    ['LIFECYCLE_RETENTION_YEARS', '', 'from 1 to 100'],
    ['LIFECYCLE_RETENTION_YEARS', '1e1', 'from 1 to 100'],
    ['LIFECYCLE_RETENTION_YEARS', '0x3', 'from 1 to 100'],
    ['LIFECYCLE_RETENTION_YEARS', '101', 'from 1 to 100'],
  ])('refuses %s="%s" at start-up, naming the variable, the range and the value', (name, value, range) => {
    const load = () => loadConfig({ ...base, [name]: value });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(`${name} must be a whole number ${range}, got "${value}"`);
  });

  it('lists every variable in DEFAULTS (the compose check knows them) and in the README configuration table', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const name of Object.keys(LIFECYCLE_BOUNDS)) {
      expect(DEFAULTS).toHaveProperty(name);
      expect(readme).toMatch(new RegExp(`^\\| \`${name}\` \\| \`${DEFAULTS[name as keyof typeof LIFECYCLE_BOUNDS]}\``, 'm'));
    }
  });
});
