import { resolve } from 'node:path';
import { ValidationError } from '../shared/errors';
import { parseEventStoreUrl, redactUrl } from './event-store.url';

describe('parseEventStoreUrl', () => {
  it('reads sqlite: paths (relative to the working directory), sqlite:/// and sqlite::memory:', () => {
    expect(parseEventStoreUrl('sqlite:./data/tangle.db')).toEqual({
      kind: 'sqlite',
      path: resolve('data/tangle.db'),
    });
    expect(parseEventStoreUrl('sqlite:/srv/t.db')).toEqual({
      kind: 'sqlite',
      path: '/srv/t.db',
    });
    expect(parseEventStoreUrl('sqlite:///srv/t.db')).toEqual({
      kind: 'sqlite',
      path: '/srv/t.db',
    });
    expect(parseEventStoreUrl('sqlite::memory:')).toEqual({
      kind: 'sqlite',
      path: ':memory:',
    });
  });

  it('reads EventStoreDB connection strings, redacting credentials for logs and /health', () => {
    expect(
      parseEventStoreUrl('esdb://admin:changeit@db:2113?tls=false'),
    ).toEqual({
      kind: 'eventstoredb',
      connectionString: 'esdb://admin:changeit@db:2113?tls=false',
      redacted: 'esdb://db:2113?tls=false',
    });
    expect(
      parseEventStoreUrl('esdb+discover://a:2113,b:2113,c:2113').kind,
    ).toBe('eventstoredb');
  });

  it.each([
    '',
    'sqlite:',
    'postgres://x/y',
    'mysql:tangle',
    'esdb://',
    './data/tangle.db',
  ])('refuses %j with a ValidationError naming EVENT_STORE_URL', (url) => {
    expect(() => parseEventStoreUrl(url)).toThrow(ValidationError);
    expect(() => parseEventStoreUrl(url)).toThrow(/^EVENT_STORE_URL: /);
  });

  it('never echoes a password in its error', () => {
    expect(() => parseEventStoreUrl('esdbx://admin:secret@db')).toThrow(
      ValidationError,
    );
    expect(() => parseEventStoreUrl('esdbx://admin:secret@db')).not.toThrow(
      /secret/,
    );
    expect(redactUrl('esdb://admin:secret@db:2113')).toBe('esdb://db:2113');
  });
});
