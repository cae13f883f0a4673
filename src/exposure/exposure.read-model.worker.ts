/**
 * The exposure read model's writer thread (see exposure.read-model-writer.ts): its own connection
 * to the projections file; each message is one or more batches, written with the last one's
 * checkpoint in one transaction, answered with the checkpoint (or the error).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ProjectionsDatabase } from '../projections/projections-database';
import { EventRowsWriter } from './exposure.read-model';
import type {
  WriterReply,
  WriterRequest,
  WriterSetup,
} from './exposure.read-model-writer';

const setup = workerData as WriterSetup;
const database = new ProjectionsDatabase(setup.path);
database.db.pragma(`busy_timeout = ${setup.busyTimeoutMs}`);
database.db.pragma(`wal_autocheckpoint = ${setup.walPages}`);
const rows = new EventRowsWriter(database.db);

parentPort!.on('message', (request: WriterRequest) => {
  let reply: WriterReply;
  try {
    database.transaction(() => {
      rows.write(request.version, request.batches);
      database.saveCheckpoint(setup.name, request.version, request.checkpoint);
    });
    reply = { checkpoint: request.checkpoint };
  } catch (error) {
    reply = {
      checkpoint: request.checkpoint,
      error: error instanceof Error ? error.message : String(error),
    };
  }
  parentPort!.postMessage(reply);
});
