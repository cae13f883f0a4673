import {
  Controller,
  Get,
  Inject,
  NotFoundException,
  Req,
  Res,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
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
 * Serves the dashboard built from web/ (Vite) at `/`. Registered after every API module, so its
 * catch-all route only sees paths no API route answered; API prefixes are refused explicitly too.
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
  file(@Req() req: Request, @Res() res: Response): void {
    const relative = normalize(decodeURIComponent(req.path)).replace(
      /^[/\\]+/,
      '',
    );
    const first = relative.split(/[/\\]/)[0];
    if (
      API_PREFIXES.has(first) ||
      relative.startsWith('..') ||
      relative.split(sep).some((part) => part.startsWith('.'))
    ) {
      throw new NotFoundException(`Cannot GET ${req.path}`);
    }
    const absolute = join(this.dist, relative);
    if (
      absolute.startsWith(this.dist + sep) &&
      existsSync(absolute) &&
      statSync(absolute).isFile()
    ) {
      res.sendFile(relative, {
        root: this.dist,
        dotfiles: 'deny',
        headers: {
          'Cache-Control': cacheControlFor(relative.split(sep).join('/')),
        },
      });
      return;
    }
    // A missing asset is a 404; a page address the browser navigates to gets the app.
    if (
      relative.startsWith('assets/') ||
      !req.accepts('html') ||
      req.accepts(['json', 'html']) === 'json'
    ) {
      throw new NotFoundException(`Cannot GET ${req.path}`);
    }
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
