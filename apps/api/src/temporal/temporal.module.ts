import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import type { AppConfig } from '../../../../libs/config/config.js';
import { temporalConnectionOptions } from '../../../../libs/temporal/connection-options.js';
import { requestIdClientInterceptor } from '../../../../libs/temporal/request-id.js';
import { APP_CONFIG } from '../tokens.js';

export const TEMPORAL_CONNECT_TIMEOUT_MS = 2_000;

/**
 * The API's Temporal client, connected on first use so the API starts (and /health answers 503)
 * while Temporal is down; a failed connect is retried on the next call. Only an established
 * connection is closed at shutdown: closing a channel under the SDK's pending connect retries
 * makes grpc-js throw from a timer (SDK `Connection.lazy` does exactly that).
 */
@Injectable()
export class TemporalGateway implements OnApplicationShutdown {
  private connecting: Promise<Client> | undefined;
  private connected: Client | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  client(): Promise<Client> {
    this.connecting ??= Connection.connect({
      ...temporalConnectionOptions(this.config.temporal),
      connectTimeout: TEMPORAL_CONNECT_TIMEOUT_MS,
    }).then(
      (connection) =>
        (this.connected = new Client({
          connection,
          namespace: this.config.temporal.namespace,
          // Starts, updates and signals carry the request's id to the worker's logs.
          interceptors: { workflow: [requestIdClientInterceptor] },
        })),
      (err: unknown) => {
        this.connecting = undefined;
        throw err;
      },
    );
    return this.connecting;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connected?.connection.close();
  }
}

@Global()
@Module({ providers: [TemporalGateway], exports: [TemporalGateway] })
export class TemporalModule {}
