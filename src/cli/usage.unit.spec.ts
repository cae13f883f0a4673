import { buildProgram } from './main';
import { EXIT } from './commands/output';
import { captureIo } from '../../test/kits/fake-server';

/** Usage errors that commander itself catches exit 2, like the CLI's own; help exits 0. */
describe('tangle usage errors', () => {
  let exit: jest.SpyInstance;
  beforeEach(() => {
    exit = jest
      .spyOn(process, 'exit')
      .mockImplementation((code?: string | number | null) => {
        throw new Error(`exit ${String(code)}`);
      });
  });
  afterEach(() => exit.mockRestore());

  it.each([
    [['exposure'], "required option '--company <id>' not specified"],
    [['network', '--bogus'], "unknown option '--bogus'"],
    [['scenario', 'run'], "missing required argument 'file'"],
  ])('tangle %j exits 2', async (args, message) => {
    const io = captureIo();
    await expect(
      buildProgram(io).parseAsync(['node', 'tangle', ...args]),
    ).rejects.toThrow(`exit ${EXIT.usage}`);
    expect(io.stderr()).toContain(message);
  });

  it('help exits 0', async () => {
    const io = captureIo();
    await expect(
      buildProgram(io).parseAsync(['node', 'tangle', 'systemic', '--help']),
    ).rejects.toThrow('exit 0');
    expect(io.stdout()).toContain(
      'rank companies by the loss their failure would spread',
    );
  });
});
