import * as os from 'node:os';

/** One line naming the machine a benchmark ran on (figures drift between machines). */
export function machineLine(): string {
  const cpus = os.cpus();
  return `machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.platform()} ${os.release()}, node ${process.version}, ${new Date().toISOString()}`;
}

export function printHeader(title: string): void {
  process.stdout.write(`\n== ${title}\n${machineLine()}\n`);
}

/** Percentile of a sorted-or-not sample (nearest rank). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(
    sorted.length - 1,
    Math.max(0, Math.ceil((p / 100) * sorted.length) - 1),
  );
  return sorted[rank];
}
