import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import type { AppConfig } from '../../../../libs/config/config.js';
import { APP_CONFIG, TEMPORAL_CLIENT } from '../tokens.js';

/**
 * A lazy connection: the API starts (and /health answers 503) even while Temporal is down,
 * and connects on first use.
 */
@Global()
@Module({
  providers: [
    {
      provide: TEMPORAL_CLIENT,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        new Client({
          connection: Connection.lazy({ address: config.temporal.address }),
          namespace: config.temporal.namespace,
        }),
    },
  ],
  exports: [TEMPORAL_CLIENT],
})
export class TemporalModule implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly client: Client) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.connection.close();
  }
}
