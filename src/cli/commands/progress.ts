import { SingleBar, Presets } from 'cli-progress';
import { Io } from './output';

/** A progress bar on a terminal; nothing at all in pipes, tests or --json output. */
export class Progress {
  private bar?: SingleBar;
  private count = 0;

  constructor(
    private readonly io: Io,
    private readonly quiet = false,
  ) {}

  start(total: number, label: string): void {
    this.count = 0;
    if (this.quiet || !this.io.interactive || total <= 1) return;
    this.bar = new SingleBar(
      {
        format: `${label} [{bar}] {value}/{total}`,
        stream: process.stderr,
        clearOnComplete: true,
        hideCursor: true,
      },
      Presets.shades_classic,
    );
    this.bar.start(total, 0);
  }

  tick(by = 1): void {
    this.count += by;
    this.bar?.update(this.count);
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }

  get done(): number {
    return this.count;
  }
}
