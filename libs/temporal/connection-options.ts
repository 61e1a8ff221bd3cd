/**
 * How every process reaches Temporal (the API's client, the worker, the worker's schedule and
 * official-year clients): address, and TLS or an API key for Temporal Cloud or a cluster with TLS.
 * The shape suits both the client's Connection and the worker's NativeConnection.
 */
import type { AppConfig } from '../config/config.js';

export interface TemporalConnectionOptions {
  address: string;
  tls?: { serverNameOverride?: string; serverRootCACertificate?: Buffer; clientCertPair?: { crt: Buffer; key: Buffer } };
  apiKey?: string;
}

export function temporalConnectionOptions(t: AppConfig['temporal']): TemporalConnectionOptions {
  const tls = t.tls;
  return {
    address: t.address,
    ...(tls
      ? {
          tls: {
            ...(tls.serverName ? { serverNameOverride: tls.serverName } : {}),
            ...(tls.ca ? { serverRootCACertificate: tls.ca } : {}),
            ...(tls.cert && tls.key ? { clientCertPair: { crt: tls.cert, key: tls.key } } : {}),
          },
        }
      : {}),
    ...(t.apiKey ? { apiKey: t.apiKey } : {}),
  };
}
