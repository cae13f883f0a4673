import {
  mkdirSync,
  mkdtempSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface BuildCheck {
  needsBuild(root: string, built: string): boolean;
  newestMtime(dir: string): number;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const check = require('./build-if-needed.js') as BuildCheck;
const { needsBuild, newestMtime } = check;

/** The build check shared by `tangle` (bin/tangle.js) and `npm start` (scripts/start.js). */
describe('build if needed', () => {
  let root: string;
  const at = (seconds: number) => new Date(seconds * 1000);

  function file(path: string, seconds: number): string {
    const full = join(root, path);
    mkdirSync(join(full, '..'), { recursive: true });
    writeFileSync(full, '');
    utimesSync(full, at(seconds), at(seconds));
    return full;
  }

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'tangle-build-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('builds when the entry point is missing', () => {
    file('src/main.ts', 1000);
    expect(needsBuild(root, join(root, 'dist', 'main.js'))).toBe(true);
  });

  it('builds when a .ts source anywhere under src is newer than the entry point', () => {
    file('src/main.ts', 1000);
    file('src/cli/commands/run.ts', 3000);
    const built = file('dist/main.js', 2000);
    expect(newestMtime(join(root, 'src'))).toBe(3000 * 1000);
    expect(needsBuild(root, built)).toBe(true);
  });

  it('leaves a build newer than every source, counting only .ts files', () => {
    file('src/main.ts', 1000);
    file('src/notes.md', 5000);
    const built = file('dist/cli/main.js', 2000);
    expect(needsBuild(root, built)).toBe(false);
  });

  it('runs what is built where there are no sources (an image)', () => {
    const built = file('dist/cli/main.js', 2000);
    expect(needsBuild(root, built)).toBe(false);
  });
});
