import { get } from 'node:http';

/**
 * One live client of the ledger benchmark's watched row, in its own process (`node live-client.js
 * <url>`, forked by over-http.ts) so that the load generator's event loop does not slow its reads:
 * `GET /live`, every message read and dropped. It tells the parent once the server says it is
 * subscribed, and when told `stop`, how many bytes it read and whether the server ended the stream
 * before (it does so only after a `resync`, or when it stops).
 */
function follow(url: string): void {
  let bytes = 0;
  let endedByServer = false;
  let stopping = false;
  let head: string | undefined = '';
  const request = get(`${url}/live`, (response) => {
    response.on('data', (chunk: Buffer) => {
      // counted, not decoded once subscribed: the client must keep up with the server's writes
      bytes += chunk.length;
      if (head === undefined) return;
      head += chunk.toString('utf8');
      if (head.includes(': subscribed after')) {
        head = undefined;
        process.send?.({ subscribed: true });
      }
    });
    response.once('close', () => {
      if (!stopping) endedByServer = true;
    });
  });
  request.on('error', (error) => {
    if (stopping) return;
    process.stderr.write(`live client: ${error.message}\n`);
    process.exit(1);
  });
  process.on('message', () => {
    stopping = true;
    request.destroy();
    process.send?.({ bytes, endedByServer }, () => process.exit(0));
  });
}

follow(process.argv[2]);
