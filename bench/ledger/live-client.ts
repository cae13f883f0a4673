import { get } from 'node:http';

/**
 * One live client of the ledger benchmark's watched row, in its own process (`node live-client.js
 * <url>`, forked by over-http.ts) so that the load generator's event loop does not slow its reads:
 * `GET /live`, every message read and dropped. It tells the parent once the server says it is
 * subscribed, and when told `stop`, how many bytes it read and whether it was sent `resync`.
 */
function follow(url: string): void {
  let bytes = 0;
  let resynced = false;
  let head: string | undefined = '';
  const request = get(`${url}/live`, (response) => {
    response.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      // searched in the bytes, not decoded: the client must keep up with the server's writes
      if (chunk.includes('event: resync')) resynced = true;
      if (head === undefined) return;
      head += chunk.toString('utf8');
      if (head.includes(': subscribed after')) {
        head = undefined;
        process.send?.({ subscribed: true });
      }
    });
  });
  request.on('error', (error) => {
    process.stderr.write(`live client: ${error.message}\n`);
    process.exit(1);
  });
  process.on('message', () => {
    request.destroy();
    process.send?.({ bytes, resynced }, () => process.exit(0));
  });
}

follow(process.argv[2]);
