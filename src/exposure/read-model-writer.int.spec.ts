import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { EXPOSURE_PROJECTION, ExposureReadModel } from './exposure.read-model';
import {
  ReadModelWriterThread,
  WriterSetup,
} from './exposure.read-model-writer';
import { ProjectionsDatabase } from '../projections/projections-database';
import {
  encodeEventRows,
  loadedEnvelopes,
} from '../../test/kits/read-model.kit';
import { History, loan, supply } from '../../test/kits/history.fixture';

/** The writer thread from its TypeScript source, compiled as it is loaded (as Jest does here). */
function startFromSource(setup: WriterSetup): Worker {
  const source = join(__dirname, 'exposure.read-model.worker.ts');
  return new Worker(
    `
    const fs = require('node:fs');
    const { transformSync } = require('@swc/core');
    require.extensions['.ts'] = (module, filename) => {
      const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
        filename,
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'commonjs' },
      });
      module._compile(code, filename);
    };
    require(${JSON.stringify(source)});
    `,
    { eval: true, workerData: setup },
  );
}

function history(): History {
  return new History()
    .company('a')
    .company('b')
    .deal(
      'd1',
      supply('a', 'b'),
      { amountUsd: 1200, endDate: '2027-01-01' },
      '2026-01-01',
    )
    .pay('d1', 100, '2026-02-01')
    .announced('2026-01-01T00:00:30Z')
    .deal(
      'd2',
      loan('b', 'a'),
      { amountUsd: 500, endDate: '2028-01-01' },
      '2026-01-02',
    )
    .amend('d1', { amountUsd: 1500 }, '2026-03-01')
    .writeDown('d2', 50, '2026-04-01')
    .defaulted('a', '2026-05-01');
}

describe('the exposure read model written from its writer thread', () => {
  let dir: string;
  let database: ProjectionsDatabase;
  let readModel: ExposureReadModel;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tangle-writer-'));
    database = new ProjectionsDatabase(join(dir, 'projections.db'));
    readModel = new ExposureReadModel(database);
  });
  afterEach(() => {
    database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const setup = (): WriterSetup => ({
    path: database.path,
    name: EXPOSURE_PROJECTION,
    walPages: 1000,
    busyTimeoutMs: 5000,
  });
  /** A writer thread on the test's file, its failures collected into `failures`. */
  const writerThread = (failures: Error[], gatherRows?: number) =>
    new ReadModelWriterThread(
      setup(),
      (e) => failures.push(e),
      startFromSource,
      gatherRows === undefined ? undefined : { gatherRows },
    );

  it('given batches written by the thread, when drained, then the rows and checkpoint equal the main thread’s', async () => {
    const envelopes = history().envelopes;
    const onMain = readModel.createBuilding();
    readModel.commit(
      onMain,
      () =>
        readModel.appendRows(onMain, encodeEventRows(envelopes.slice(0, 4))),
      4,
    );
    readModel.commit(
      onMain,
      () => readModel.appendRows(onMain, encodeEventRows(envelopes.slice(4))),
      envelopes.length,
    );
    const onThread = readModel.createBuilding();
    const failures: Error[] = [];
    const writer = writerThread(failures);
    try {
      await writer.write(onThread, encodeEventRows(envelopes.slice(0, 4)), 4);
      await writer.write(
        onThread,
        encodeEventRows(envelopes.slice(4)),
        envelopes.length,
      );
      await writer.drain();
    } finally {
      await writer.close();
    }
    expect(failures).toEqual([]);
    expect(readModel.dump(onThread)).toEqual(readModel.dump(onMain));
    expect(loadedEnvelopes(readModel, onThread)).toEqual(envelopes);
  });

  it('given a batch the thread cannot write, when drained, then the failure is reported and the checkpoint stays before it', async () => {
    const envelopes = history().envelopes;
    const version = readModel.createBuilding();
    const failures: Error[] = [];
    const writer = writerThread(failures);
    try {
      await writer.write(version, encodeEventRows(envelopes.slice(0, 3)), 3);
      // the same positions again: the transaction fails, its checkpoint with it
      await writer.write(version, encodeEventRows(envelopes.slice(0, 3)), 9);
      await expect(writer.drain()).rejects.toThrow(/checkpoint 9/);
    } finally {
      await writer.close();
    }
    expect(failures).toHaveLength(1);
    const position = database
      .versions(EXPOSURE_PROJECTION)
      .find((v) => v.version === version)?.position;
    expect(position).toBe(3);
    expect(loadedEnvelopes(readModel, version)).toEqual(envelopes.slice(0, 3));
  });

  it('given batches gathered into one message, when drained, then they are one transaction: written together with the last checkpoint, or not at all', async () => {
    const envelopes = history().envelopes;
    const together = readModel.createBuilding();
    const failing = readModel.createBuilding();
    const failures: Error[] = [];
    const gathering = () => writerThread(failures, 100);
    const writer = gathering();
    try {
      await writer.write(together, encodeEventRows(envelopes.slice(0, 3)), 3);
      await writer.write(together, encodeEventRows(envelopes.slice(3)), 20);
      expect(writer.pending).toBe(2);
      await writer.drain();
      expect(writer.pending).toBe(0);
    } finally {
      await writer.close();
    }
    const broken = gathering();
    try {
      await broken.write(failing, encodeEventRows(envelopes.slice(0, 3)), 3);
      // the same positions again in the same message: the whole transaction fails
      await broken.write(failing, encodeEventRows(envelopes.slice(0, 1)), 9);
      await expect(broken.drain()).rejects.toThrow(/checkpoint 9/);
    } finally {
      await broken.close();
    }
    expect(failures).toHaveLength(1);
    const positions = new Map(
      database
        .versions(EXPOSURE_PROJECTION)
        .map((v) => [v.version, v.position] as const),
    );
    expect(positions.get(together)).toBe(20);
    expect(loadedEnvelopes(readModel, together)).toEqual(envelopes);
    expect(positions.get(failing)).toBe(0);
    expect(loadedEnvelopes(readModel, failing)).toEqual([]);
  });

  it('given a batch written while a drain waits, when the drain resolves, then that batch is committed too (not left gathering)', async () => {
    const envelopes = history().envelopes;
    const version = readModel.createBuilding();
    const failures: Error[] = [];
    const writer = writerThread(failures, 100);
    try {
      await writer.write(version, encodeEventRows(envelopes.slice(0, 3)), 3);
      const drained = writer.drain();
      // a live event comes while the rebuild waits for its writer to promote it
      await writer.write(version, encodeEventRows(envelopes.slice(3)), 20);
      await drained;
      expect(writer.pending).toBe(0);
    } finally {
      await writer.close();
    }
    expect(failures).toEqual([]);
    expect(
      database.versions(EXPOSURE_PROJECTION).find((v) => v.version === version)
        ?.position,
    ).toBe(20);
    expect(loadedEnvelopes(readModel, version)).toEqual(envelopes);
  });
});
