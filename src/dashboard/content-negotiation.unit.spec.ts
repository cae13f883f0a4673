import { chooseEncoding, preferredType } from '../common/http-platform';

describe('Accept: which of our types a client prefers', () => {
  const both = ['application/json', 'text/html'];

  it('given no Accept header, when asked, then the server’s first choice', () => {
    expect(preferredType(undefined, both)).toBe('application/json');
  });

  it('given a browser’s Accept, then HTML (exact beats */*)', () => {
    const browser =
      'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
    expect(preferredType(browser, both)).toBe('text/html');
    expect(preferredType(browser, ['text/html'])).toBe('text/html');
  });

  it('given application/json only, then JSON, and HTML is not accepted', () => {
    expect(preferredType('application/json', both)).toBe('application/json');
    expect(preferredType('application/json', ['text/html'])).toBe(false);
  });

  it('given q-values, then the higher q wins and q=0 refuses', () => {
    expect(preferredType('application/json;q=0.5, text/html', both)).toBe(
      'text/html',
    );
    expect(preferredType('text/html;q=0, */*', ['text/html'])).toBe(false);
    expect(preferredType('text/*', both)).toBe('text/html');
  });
});

describe('Accept-Encoding: which form of a file to send', () => {
  const all = ['br', 'gzip', 'identity'] as const;

  it('given none, then identity', () => {
    expect(chooseEncoding(undefined, all)).toBe('identity');
  });

  it('given a browser’s list, then Brotli; given gzip only, then gzip', () => {
    expect(chooseEncoding('gzip, deflate, br, zstd', all)).toBe('br');
    expect(chooseEncoding('gzip', all)).toBe('gzip');
  });

  it('given q-values, then the higher q; q=0 refuses; * covers the rest', () => {
    expect(chooseEncoding('br;q=0.5, gzip', all)).toBe('gzip');
    expect(chooseEncoding('br;q=0, gzip;q=0', all)).toBe('identity');
    expect(chooseEncoding('*', all)).toBe('br');
  });

  it('given a form not made (yet), then the next one', () => {
    expect(chooseEncoding('br, gzip', ['gzip', 'identity'])).toBe('gzip');
    expect(chooseEncoding('br', ['identity'])).toBe('identity');
  });
});
