import { TangleClient } from './client';
import { EXIT, UsageError } from './output';
import { CommonOptions, targetCommand } from './run';
import { Target, TargetOptions } from './target';
import { captureIo } from '../../../test/kits/fake-server';

/** The plumbing every data command shares: open the target, run, close, turn the outcome into an exit code. */
describe('targetCommand', () => {
  function fakeOpen() {
    const opened: TargetOptions[] = [];
    let closed = 0;
    const target: Target = {
      client: new TangleClient('http://127.0.0.1:9', undefined),
      inProcess: false,
      close: () => {
        closed += 1;
        return Promise.resolve();
      },
    };
    return {
      opened,
      closed: () => closed,
      target,
      open: (o: TargetOptions) => {
        opened.push(o);
        return Promise.resolve(target);
      },
    };
  }

  it('opens the target from the flags, hands it with the options to the body, answers its code and closes', async () => {
    const fake = fakeOpen();
    const seen: unknown[] = [];
    const command = targetCommand<CommonOptions & { deal?: string }>(
      (target, options, io) => {
        seen.push(target, options);
        io.out(`deal ${options.deal}`);
        return Promise.resolve(EXIT.verifyFailed);
      },
    );
    const io = captureIo();
    const options = { url: 'http://x', token: 't', deal: 'd-1', json: true };
    expect(await command(options, io, fake.open)).toBe(EXIT.verifyFailed);
    expect(fake.opened).toEqual([
      { url: 'http://x', store: undefined, token: 't', seed: undefined },
    ]);
    expect(seen).toEqual([fake.target, options]);
    expect(io.stdout()).toBe('deal d-1');
    expect(fake.closed()).toBe(1);
  });

  it('opens with the fixed target options (seed none) whatever the flags', async () => {
    const fake = fakeOpen();
    const command = targetCommand<CommonOptions>(
      () => Promise.resolve(EXIT.ok),
      { seed: 'none' },
    );
    expect(
      await command({ store: 'sqlite:x.db' }, captureIo(), fake.open),
    ).toBe(EXIT.ok);
    expect(fake.opened[0]).toMatchObject({
      store: 'sqlite:x.db',
      seed: 'none',
    });
  });

  it('turns a usage error into exit 2 and one line on stderr, and still closes', async () => {
    const fake = fakeOpen();
    const command = targetCommand<CommonOptions>(() => {
      throw new UsageError('--at', 'is not a date');
    });
    const io = captureIo();
    expect(await command({}, io, fake.open)).toBe(EXIT.usage);
    expect(io.stderr()).toBe('tangle: --at: is not a date');
    expect(fake.closed()).toBe(1);
  });
});
