/**
 * Repeats the archive steps that the projection's try did not finish (the renderer failed, the
 * disk was full, the worker died in between): every `intervalMs` it stores the copies still
 * missing, completes the destructions still open and takes the suggestions of final versions not
 * taken yet (activities/archive.activities.ts). Like the DeliveryRetrier, a timer in the worker
 * rather than a workflow: the state that matters is in PostgreSQL and every step is idempotent,
 * so two workers sweeping side by side do no harm.
 */
import type { ArchiveSteward } from '../../../activities/archive.activities.js';

export interface ArchiveSweeperOptions {
  intervalMs: number;
  batchSize: number;
}

export const DEFAULT_SWEEPER_OPTIONS: ArchiveSweeperOptions = { intervalMs: 30_000, batchSize: 20 };

export class ArchiveSweeper {
  private readonly options: ArchiveSweeperOptions;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<number> | undefined;

  constructor(
    private readonly steward: Pick<ArchiveSteward, 'sweep'>,
    options: Partial<ArchiveSweeperOptions> = {},
    private readonly onError: (err: unknown) => void = () => {},
  ) {
    this.options = { ...DEFAULT_SWEEPER_OPTIONS, ...options };
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.runOnce().catch(this.onError), this.options.intervalMs);
    this.timer.unref();
  }

  /** One pass; a tick that finds the previous pass still running joins it. */
  runOnce(): Promise<number> {
    this.inFlight ??= this.steward.sweep(this.options.batchSize).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.inFlight?.catch(() => undefined);
  }
}
