import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, ConfigError } from '../../libs/config/config.js';
import { temporalConnectionOptions } from '../../libs/temporal/connection-options.js';
import { testKeys } from '../support/keys.js';

describe('loadConfig', () => {
  it('applies defaults for everything but DATABASE_URL and the keys', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://x@h/db', ...testKeys() });
    expect(c.temporal).toEqual({
      address: '127.0.0.1:7233',
      namespace: 'default',
      taskQueue: 'activity-summary',
      uiUrl: 'http://localhost:8233',
      tls: false,
    });
    expect(c.api.port).toBe(3000);
    expect(c.api.processes).toBe(1);
  });
  it('listens on loopback unless HOST says otherwise (the API is not on the network by accident)', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://x@h/db', ...testKeys() }).api.host).toBe('127.0.0.1');
    expect(loadConfig({ DATABASE_URL: 'postgres://x@h/db', ...testKeys(), HOST: '0.0.0.0' }).api.host).toBe('0.0.0.0');
  });
  it('refuses a missing DATABASE_URL and a non-numeric PORT with a one-line reason', () => {
    expect(() => loadConfig({})).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://x', ...testKeys(), PORT: 'abc' })).toThrow(/PORT must be a positive integer/);
  });

  describe('Temporal Cloud or a cluster with TLS (README "Scaling out")', () => {
    const base = { DATABASE_URL: 'postgres://x@h/db', ...testKeys() };
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'temporal-tls-'));
      for (const f of ['ca.pem', 'client.pem', 'client.key']) writeFileSync(path.join(dir, f), `-----${f}-----`);
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('an API key turns TLS on and reaches every connection', () => {
      const c = loadConfig({ ...base, TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233', TEMPORAL_API_KEY: 'key-1' });
      expect(c.temporal).toMatchObject({ tls: {}, apiKey: 'key-1' });
      expect(temporalConnectionOptions(c.temporal)).toEqual({ address: 'ns.acct.tmprl.cloud:7233', tls: {}, apiKey: 'key-1' });
    });
    it('mTLS: CA, certificate and key files are read at start-up, with the server name', () => {
      const c = loadConfig({
        ...base,
        TEMPORAL_TLS_CA_FILE: path.join(dir, 'ca.pem'),
        TEMPORAL_TLS_CERT_FILE: path.join(dir, 'client.pem'),
        TEMPORAL_TLS_KEY_FILE: path.join(dir, 'client.key'),
        TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
      });
      const tls = temporalConnectionOptions(c.temporal).tls!;
      expect(tls.serverNameOverride).toBe('temporal.internal');
      expect(tls.serverRootCACertificate?.toString()).toBe('-----ca.pem-----');
      expect(tls.clientCertPair?.crt.toString()).toBe('-----client.pem-----');
      expect(tls.clientCertPair?.key.toString()).toBe('-----client.key-----');
    });
    it('refuses half a certificate pair, an unreadable file and a TEMPORAL_TLS that is not true or false', () => {
      expect(() => loadConfig({ ...base, TEMPORAL_TLS_CERT_FILE: path.join(dir, 'client.pem') })).toThrow(/go together/);
      expect(() => loadConfig({ ...base, TEMPORAL_TLS_CA_FILE: path.join(dir, 'missing.pem') })).toThrow(
        /TEMPORAL_TLS_CA_FILE: cannot read/,
      );
      expect(() => loadConfig({ ...base, TEMPORAL_TLS: 'yes' })).toThrow(/TEMPORAL_TLS must be true or false/);
      expect(loadConfig({ ...base, TEMPORAL_TLS: 'true' }).temporal.tls).toEqual({});
    });
  });
});
