/**
 * Retries pending e-mail and robot deliveries in the worker process, outside any workflow: a
 * failing mail server delays messages, it never holds up or fails a lifecycle.
 *
 * Why a timer here rather than a Temporal Schedule: a schedule needs a workflow of its own (the
 * workflows/ bundle is kept to the lifecycle), and the state that matters — which rows are due,
 * who holds them — is already in the ledger, with leases that let several workers retry side by
 * side without sending anything twice. The backoff lives in each row's next_attempt_at.
 */
import type { DeliveryLedger, SendResult } from '../../../activities/delivery-ledger.js';

export interface DeliveryRetrierOptions {
  /** How often to look for due rows. */
  intervalMs: number;
  /** Rows per tick, so one tick stays short however long the backlog. */
  batchSize: number;
}

export const DEFAULT_RETRIER_OPTIONS: DeliveryRetrierOptions = { intervalMs: 15_000, batchSize: 50 };

export class DeliveryRetrier {
  private readonly options: DeliveryRetrierOptions;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<SendResult[]> | undefined;

  constructor(
    private readonly ledger: DeliveryLedger,
    options: Partial<DeliveryRetrierOptions> = {},
    private readonly onError: (err: unknown) => void = () => {},
    /** Writes the digests due before each round's sends. */
    private readonly digests?: { round(): Promise<unknown> },
  ) {
    this.options = { ...DEFAULT_RETRIER_OPTIONS, ...options };
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  start(): void {
    // Nothing to send with: no channel but the inbox is configured.
    if (this.timer || !this.ledger.channels.length) return;
    this.timer = setInterval(() => void this.runOnce().catch(this.onError), this.options.intervalMs);
    // Never the reason the process stays up: the worker's own run() decides that.
    this.timer.unref();
  }

  /** Digests due, then one batch of due rows; a tick that finds the previous one still running joins it. */
  runOnce(): Promise<SendResult[]> {
    const send = () => this.ledger.sendDue(this.options.batchSize);
    // A failed digest round (the database away) still lets the sends try.
    this.inFlight ??= (this.digests ? this.digests.round().catch(this.onError).then(send) : send()).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** Stops the timer and waits for the batch in flight, so the caller may close the database. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.inFlight?.catch(() => undefined);
  }
}
