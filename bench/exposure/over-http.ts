import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startChild } from '../child';

/** One whole-network answer over HTTP: time to its last byte, and its size. */
export interface HttpAnswer {
  readonly ms: number;
  readonly bytes: number;
}

export interface OverHttp {
  /** The first answer after the start apart (it reads every deal not read yet), then the others. */
  readonly first: HttpAnswer;
  readonly answers: readonly HttpAnswer[];
  /** The server process's resident size after each answer, and its peak (VmHWM) over them all. */
  readonly rssAfter: readonly number[];
  readonly peakRss: number;
  /** The server's start to ready: listening, its projection caught up to the head. */
  readonly startSeconds: number;
}

/**
 * The whole application in its own process (http-server.ts) on `store`, its projections in
 * `projectionsPath`; `GET /exposures?at=` at each of `dates` (as known now, the API's default), one
 * at a time, each answer read to its last byte and thrown away (no parse). What a user of the
 * server gets, serialization and socket included.
 */
export async function wholeNetworkOverHttp(
  store: string,
  projectionsPath: string,
  head: number,
  dates: readonly string[],
): Promise<OverHttp> {
  const started = performance.now();
  const server = await startChild<{ port: number }>(
    join(__dirname, 'http-server.js'),
    [store, projectionsPath, String(head)],
  );
  const startSeconds = (performance.now() - started) / 1000;
  const pid = server.process.pid!;
  const base = `http://127.0.0.1:${server.ready.port}/exposures?at=`;
  try {
    const answers: HttpAnswer[] = [];
    const rssAfter: number[] = [];
    for (const date of dates) {
      answers.push(await answerOf(base + date));
      rssAfter.push(statusBytes(pid, 'VmRSS'));
    }
    return {
      first: answers[0],
      answers: answers.slice(1),
      rssAfter,
      peakRss: statusBytes(pid, 'VmHWM'),
      startSeconds,
    };
  } finally {
    await server.stop();
  }
}

function answerOf(url: string): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    get(url, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => {
        if (res.statusCode !== 200)
          reject(new Error(`GET ${url}: ${res.statusCode}`));
        else resolve({ ms: performance.now() - t, bytes });
      });
      res.on('error', reject);
    }).on('error', reject);
  });
}

/** A size line of /proc/<pid>/status (`VmRSS`, `VmHWM`), in bytes. */
function statusBytes(pid: number, field: string): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`));
  if (!line) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(line.split(/\s+/)[1]) * 1024;
}
