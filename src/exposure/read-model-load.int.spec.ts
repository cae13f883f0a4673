import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Statement } from 'better-sqlite3';
import { ExposureReadModel } from './exposure.read-model';
import { ProjectionsDatabase } from '../projections/projections-database';
import { DatedEvent } from './domain/dated-event';
import { TemporalIndex } from './domain/temporal-index';
import { networkAt } from './domain/exposure.queries';
import {
  encodeEventRows,
  loadedEnvelopes,
} from '../../test/kits/read-model.kit';
import { History, supply } from '../../test/kits/history.fixture';

/**
 * The start's read of the read model (`loadInto`): in bounded pages (at most 1,000 rows and about
 * 8 MiB of data per call), every envelope once, in position order, across the pages.
 */
describe('the exposure read model loaded at start', () => {
  let dir: string;
  let database: ProjectionsDatabase;
  let readModel: ExposureReadModel;
  let all: jest.SpyInstance;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tangle-load-'));
    database = new ProjectionsDatabase(join(dir, 'projections.db'));
    readModel = new ExposureReadModel(database);
    // every `all()` of a statement: the pages the load reads
    const proto = Object.getPrototypeOf(
      database.db.prepare('SELECT 1'),
    ) as Statement;
    all = jest.spyOn(proto, 'all');
  });
  afterEach(() => {
    all.mockRestore();
    database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The rows each page of envelopes held, in the order read. */
  const pages = (): unknown[][][] =>
    all.mock.contexts
      .map((statement, i) => ({
        source: (statement as Statement).source,
        rows: all.mock.results[i].value as unknown[][],
      }))
      .filter((call) => call.source.startsWith('SELECT position'))
      .map((call) => call.rows);

  const stored = (envelopes: DatedEvent[]): number => {
    const version = readModel.createBuilding();
    readModel.commit(
      version,
      () => readModel.appendRows(version, encodeEventRows(envelopes)),
      envelopes.length,
    );
    return version;
  };

  it('given 2,500 small envelopes, when loaded, then they come in pages of 1,000, each once and in order', () => {
    const history = new History()
      .company('a')
      .company('b')
      .deal('d1', supply('a', 'b'), { amountUsd: 1e9 }, '2026-01-01');
    while (history.head < 2500) history.pay('d1', 1, '2026-02-01');
    const version = stored(history.envelopes);
    all.mockClear();
    expect(loadedEnvelopes(readModel, version)).toEqual(history.envelopes);
    expect(pages().map((p) => p.length)).toEqual([1000, 1000, 500]);
  });

  it('given envelopes of 1 MB of data, when loaded, then each page holds at most 8 MiB give or take one envelope, and every envelope comes once, in order', () => {
    const history = new History()
      .company('a')
      .company('b')
      .deal('d1', supply('a', 'b'), { amountUsd: 1e9 }, '2026-01-01');
    // deal notes of about 1 MB each (sizes vary, so pages end at different counts)
    for (let i = 0; i < 20; i++)
      history.amend(
        'd1',
        { notes: 'n'.repeat(1_000_000 + 1000 * i) },
        '2026-02-01',
      );
    const envelopes = history.envelopes;
    const version = stored(envelopes);
    all.mockClear();
    expect(loadedEnvelopes(readModel, version)).toEqual(envelopes);
    const read = pages().filter((p) => p.length > 0);
    expect(read.length).toBeGreaterThan(2);
    for (const page of read) {
      const bytes = page.map((row) => Buffer.byteLength(row[4] as string));
      const beforeLast = bytes.slice(0, -1).reduce((a, b) => a + b, 0);
      expect(beforeLast).toBeLessThan(8 * 1024 * 1024);
    }
  });

  it('given a stored history, when loaded into an index, then deal events wait as their stored text (a retraction, taken as its envelope, first makes the others of its deal envelopes) and the index answers as one of the envelopes', () => {
    const history = new History()
      .company('a')
      .company('b')
      .deal('d1', supply('a', 'b'), { amountUsd: 1e9 }, '2026-01-01')
      .pay('d1', 1e8, '2026-02-01')
      .amend('d1', { amountUsd: 2e9 }, '2026-03-01')
      .writeDown('d1', 1e8, '2026-04-01')
      .deal('d2', supply('b', 'a'), { amountUsd: 5e8 }, '2026-01-01')
      .retract('d2', '2026-05-01');
    const version = stored(history.envelopes);
    const index = new TemporalIndex();
    readModel.loadInto(version, index);
    expect(index.size).toBe(history.envelopes.length);
    // d1's four events; d2's recording went in as an envelope with its retraction
    expect(index.deferredSize).toBe(4);
    const p = { atMs: Date.parse('2026-04-15'), knownPosition: 7 };
    const eager = new TemporalIndex();
    for (const e of history.envelopes) eager.add(e);
    expect(networkAt(index, p)).toEqual(networkAt(eager, p));
    expect(index.envelopes()).toEqual(history.envelopes);
  });
});
