import { loadConfig, ConfigError } from '../../libs/config/config.js';
import { testKeys } from '../support/keys.js';

describe('loadConfig', () => {
  it('applies defaults for everything but DATABASE_URL and the keys', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://x@h/db', ...testKeys() });
    expect(c.temporal).toEqual({
      address: '127.0.0.1:7233',
      namespace: 'default',
      taskQueue: 'activity-summary',
      uiUrl: 'http://localhost:8233',
    });
    expect(c.api.port).toBe(3000);
  });
  it('listens on loopback unless HOST says otherwise (the API is not on the network by accident)', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://x@h/db', ...testKeys() }).api.host).toBe('127.0.0.1');
    expect(loadConfig({ DATABASE_URL: 'postgres://x@h/db', ...testKeys(), HOST: '0.0.0.0' }).api.host).toBe('0.0.0.0');
  });
  it('refuses a missing DATABASE_URL and a non-numeric PORT with a one-line reason', () => {
    expect(() => loadConfig({})).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://x', ...testKeys(), PORT: 'abc' })).toThrow(/PORT must be a positive integer/);
  });
});
