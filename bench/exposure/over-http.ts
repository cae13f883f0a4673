import { copyFileSync, readFileSync } from 'node:fs';
import { get, request } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startChild } from '../child';

/** One whole-network answer over HTTP: time to its last byte, and its size. */
export interface HttpAnswer {
  readonly ms: number;
  readonly bytes: number;
}

/** Answers one after the other, each with the server process's resident size after it. */
export interface Answered {
  readonly answers: readonly HttpAnswer[];
  readonly rssAfter: readonly number[];
}

/**
 * The whole networks (`answers` after the first, `rssAfter` after each, the first's too) and the
 * comparisons.
 */
export interface OverHttp extends Answered {
  /** The first answer after the start apart (the first fold of each deal makes its terms and plan). */
  readonly first: HttpAnswer;
  /** The server's peak resident size (VmHWM) up to the last whole network. */
  readonly peakRss: number;
  /** The server's start to ready: listening, its projection caught up to the head, its index warm. */
  readonly startSeconds: number;
  /** Of which the index reading its deals kept as text once caught up (`IndexWarmer`). */
  readonly warmSeconds: number;
  /** Then a scenario posted and compared (`GET /scenarios/:id/compare`), plain and with an overlay. */
  readonly compared: {
    readonly plain: ScenarioCompared;
    readonly overlay: ScenarioCompared;
  };
}

/** A scenario's run (`POST /scenarios`) and its comparisons. */
export interface ScenarioCompared extends Answered {
  readonly postMs: number;
}

/** Comparisons of each scenario, one after the other. */
export const COMPARISONS = 5;

/**
 * The whole application in its own process (http-server.ts) on a copy of `store` in `dir` (the
 * scenarios below are recorded in it), its projections there too; `GET /exposures?at=` at each of
 * `dates` (as known now, the API's default), one at a time, each answer read to its last byte and
 * thrown away (no parse). What a user of the server gets, serialization and socket included. Then
 * a scenario at the first date (company `c1` defaults) is posted and compared `COMPARISONS` times,
 * then the same with an overlay (deal `d0` suppressed: its timeline is a second index of every
 * event known then).
 */
export async function wholeNetworkOverHttp(
  store: string,
  dir: string,
  head: number,
  dates: readonly string[],
): Promise<OverHttp> {
  const copy = join(dir, 'store.db');
  copyFileSync(store, copy);
  const started = performance.now();
  const server = await startChild<{ port: number; warmSeconds: number }>(
    join(__dirname, 'http-server.js'),
    [copy, join(dir, 'projections.db'), String(head)],
  );
  const startSeconds = (performance.now() - started) / 1000;
  const pid = server.process.pid!;
  const origin = `http://127.0.0.1:${server.ready.port}`;
  try {
    const { answers, rssAfter } = await answersOf(
      dates.map((date) => `${origin}/exposures?at=${date}`),
      pid,
    );
    // the whole networks' peak, before the scenarios below grow the server
    const peakRss = statusBytes(pid, 'VmHWM');
    const definition = {
      name: 'bench compare',
      at: dates[0],
      model: 'eisenberg-noe',
      shocks: [{ type: 'default', company: 'c1', recoveryRate: 0.4 }],
    };
    const plain = await scenarioCompared(origin, pid, definition);
    const overlay = await scenarioCompared(origin, pid, {
      ...definition,
      overlay: [{ type: 'SuppressDeal', deal: 'd0' }],
    });
    return {
      first: answers[0],
      answers: answers.slice(1),
      rssAfter,
      peakRss,
      startSeconds,
      warmSeconds: server.ready.warmSeconds,
      compared: { plain, overlay },
    };
  } finally {
    await server.stop();
  }
}

/** Posts the scenario, then compares it `COMPARISONS` times at its date. */
async function scenarioCompared(
  origin: string,
  pid: number,
  definition: object,
): Promise<ScenarioCompared> {
  const t = performance.now();
  const { id } = JSON.parse(
    await posted(`${origin}/scenarios`, definition),
  ) as { id: string };
  const postMs = performance.now() - t;
  const url = `${origin}/scenarios/${encodeURIComponent(id)}/compare`;
  return {
    postMs,
    ...(await answersOf(Array<string>(COMPARISONS).fill(url), pid)),
  };
}

/** GETs each of `urls` in turn, each answer read to its last byte; the server's RSS after each. */
async function answersOf(
  urls: readonly string[],
  pid: number,
): Promise<Answered> {
  const answers: HttpAnswer[] = [];
  const rssAfter: number[] = [];
  for (const url of urls) {
    answers.push(await answerOf(url));
    rssAfter.push(statusBytes(pid, 'VmRSS'));
  }
  return { answers, rssAfter };
}

/** POSTs `body` as JSON; the answer's text (201 expected). */
function posted(url: string, body: object): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { 'Content-Type': 'application/json' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          if (res.statusCode !== 201)
            reject(new Error(`POST ${url}: ${res.statusCode} ${text}`));
          else resolve(text);
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
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
