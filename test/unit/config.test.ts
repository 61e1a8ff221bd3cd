import { loadConfig, ConfigError } from '../../libs/config/config.js';

describe('loadConfig', () => {
  it('applies defaults for everything but DATABASE_URL', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://x@h/db' });
    expect(c.temporal).toEqual({
      address: '127.0.0.1:7233',
      namespace: 'default',
      taskQueue: 'activity-summary',
      uiUrl: 'http://localhost:8233',
    });
    expect(c.api.port).toBe(3000);
  });
  it('refuses a missing DATABASE_URL and a non-numeric PORT with a one-line reason', () => {
    expect(() => loadConfig({})).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://x', PORT: 'abc' })).toThrow(/PORT must be a positive integer/);
  });
});
