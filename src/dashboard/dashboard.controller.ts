import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { existsSync, statSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import { Public } from '../auth/auth.decorators';
import {
  chooseEncoding,
  Encoding,
  HttpReply,
  HttpRequest,
  preferredType,
  requestPath,
} from '../common/http-platform';
import {
  API_PREFIXES,
  cacheControlFor,
  DASHBOARD_DIST,
  isBuilt,
} from './dashboard.paths';
import { staticFiles } from './static-files';

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Tangle</title>
<p>The dashboard is not built yet. Run <code>npm run build:web</code> (or <code>npm start</code>, which builds it) and reload.</p>
<p>The API is served all the same: see <a href="/docs">/docs</a>.</p>`;

/**
 * Serves the dashboard built from web/ (Vite) at `/`, Brotli- or gzip-compressed when the client
 * takes it. Its catch-all route steps aside (to the JSON 404) for everything that is not the
 * dashboard's; API routes are matched before it whatever order they were registered in (the
 * router prefers a static or parametric path to a wildcard).
 */
@ApiExcludeController()
@Public() // the page itself holds no data; every call it makes carries the user's token
@Controller()
export class DashboardController {
  constructor(@Inject(DASHBOARD_DIST) private readonly dist: string) {}

  @Get()
  async index(@Req() req: HttpRequest, @Res() res: HttpReply): Promise<void> {
    await this.sendIndex(req, res);
  }

  @Get('*')
  async file(@Req() req: HttpRequest, @Res() res: HttpReply): Promise<void> {
    let relative: string;
    try {
      relative = normalize(decodeURIComponent(requestPath(req))).replace(
        /^[/\\]+/,
        '',
      );
    } catch {
      return notOurs(res); // a malformed escape: not a file of ours
    }
    const parts = relative.split(/[/\\]/);
    if (
      API_PREFIXES.has(parts[0]) ||
      parts.some((part) => part.startsWith('.'))
    )
      return notOurs(res);
    const absolute = join(this.dist, relative);
    if (
      absolute.startsWith(this.dist + sep) &&
      existsSync(absolute) &&
      statSync(absolute).isFile()
    )
      return send(req, res, absolute, cacheControlFor(parts.join('/')));
    // A missing asset is a 404; a page address a browser navigates to gets the app.
    const accept = req.headers.accept;
    if (
      relative.startsWith('assets/') ||
      !preferredType(accept, ['text/html']) ||
      preferredType(accept, ['application/json', 'text/html']) ===
        'application/json'
    )
      return notOurs(res);
    await this.sendIndex(req, res);
  }

  private async sendIndex(req: HttpRequest, res: HttpReply): Promise<void> {
    if (!isBuilt(this.dist)) {
      void res
        .status(503)
        .type('text/html; charset=utf-8')
        .header('Cache-Control', 'no-store')
        .send(NOT_BUILT);
      return;
    }
    await send(
      req,
      res,
      join(this.dist, 'index.html'),
      cacheControlFor('index.html'),
    );
  }
}

/** The API's own 404 (Nest's not-found handler and the JSON error filter). */
function notOurs(res: HttpReply): void {
  res.callNotFound();
}

/**
 * A file in the best encoding the client takes, with `Vary: Accept-Encoding` when that choice
 * exists, an ETag per encoding, and 304 for a matching `If-None-Match`.
 */
async function send(
  req: HttpRequest,
  res: HttpReply,
  absolute: string,
  cacheControl: string,
): Promise<void> {
  const file = await staticFiles.get(absolute);
  const available = Object.keys(file.bodies) as Encoding[];
  const encoding = chooseEncoding(req.headers['accept-encoding'], available);
  const body = file.bodies[encoding] ?? file.bodies.identity!;
  const etag = `"${file.hash}${encoding === 'identity' ? '' : `-${encoding}`}"`;
  void res
    .header('Content-Type', file.type)
    .header('Cache-Control', cacheControl)
    .header('ETag', etag);
  if (file.compressible) void res.header('Vary', 'Accept-Encoding');
  if (encoding !== 'identity') void res.header('Content-Encoding', encoding);
  const match = req.headers['if-none-match'];
  if (
    match !== undefined &&
    match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)
  ) {
    void res.status(304).send();
    return;
  }
  if (req.method === 'HEAD') {
    void res.header('Content-Length', body.length).status(200).send();
    return;
  }
  void res.status(200).send(body);
}
