import { Controller, Get, Inject, Next, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { existsSync, statSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import { Public } from '../auth/auth.decorators';
import {
  API_PREFIXES,
  cacheControlFor,
  DASHBOARD_DIST,
  isBuilt,
} from './dashboard.paths';

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Tangle</title>
<p>The dashboard is not built yet. Run <code>npm run build:web</code> (or <code>npm start</code>, which builds it) and reload.</p>
<p>The API is served all the same: see <a href="/docs">/docs</a>.</p>`;

/**
 * Serves the dashboard built from web/ (Vite) at `/`. Its catch-all route steps aside (`next()`)
 * for everything that is not the dashboard's, so API routes answer whatever order they were
 * registered in, and unknown API paths keep the API's JSON 404.
 */
@ApiExcludeController()
@Public() // the page itself holds no data; every call it makes carries the user's token
@Controller()
export class DashboardController {
  constructor(@Inject(DASHBOARD_DIST) private readonly dist: string) {}

  @Get()
  index(@Res() res: Response): void {
    this.sendIndex(res);
  }

  @Get('*path')
  file(
    @Req() req: Request,
    @Res() res: Response,
    @Next() next: NextFunction,
  ): void {
    let relative: string;
    try {
      relative = normalize(decodeURIComponent(req.path)).replace(/^[/\\]+/, '');
    } catch {
      return next(); // a malformed escape: not a file of ours
    }
    const parts = relative.split(/[/\\]/);
    if (
      API_PREFIXES.has(parts[0]) ||
      parts.some((part) => part.startsWith('.'))
    )
      return next();
    const absolute = join(this.dist, relative);
    if (
      absolute.startsWith(this.dist + sep) &&
      existsSync(absolute) &&
      statSync(absolute).isFile()
    ) {
      res.sendFile(relative, {
        root: this.dist,
        dotfiles: 'deny',
        headers: { 'Cache-Control': cacheControlFor(parts.join('/')) },
      });
      return;
    }
    // A missing asset is a 404; a page address a browser navigates to gets the app.
    if (
      relative.startsWith('assets/') ||
      !req.accepts('html') ||
      req.accepts(['json', 'html']) === 'json'
    )
      return next();
    this.sendIndex(res);
  }

  private sendIndex(res: Response): void {
    if (!isBuilt(this.dist)) {
      res
        .status(503)
        .type('html')
        .set('Cache-Control', 'no-store')
        .send(NOT_BUILT);
      return;
    }
    res.sendFile('index.html', {
      root: this.dist,
      headers: { 'Cache-Control': cacheControlFor('index.html') },
    });
  }
}
