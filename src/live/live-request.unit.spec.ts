import { withoutAccessToken } from '../auth/auth.guard';
import { parseLastEventId, parseLiveRequest } from './live.request';
import { ValidationError } from '../shared/errors';

describe('live subscription parameters', () => {
  it('reads topics, companies and deals as comma lists, and the date as an instant', () => {
    expect(
      parseLiveRequest({
        topics: 'deal, exposure.restated',
        company: 'openai,oracle',
        deal: 'stargate',
        at: '2025-12-31',
      }),
    ).toEqual({
      filter: {
        topics: ['deal', 'exposure.restated'],
        companies: ['openai', 'oracle'],
        deals: ['stargate'],
        at: '2025-12-31T00:00:00.000Z',
      },
      after: undefined,
    });
  });

  it('reads message ids as a global position, or in the earlier position:n form', () => {
    expect(parseLastEventId('42', 'lastEventId')).toEqual({ position: 42 });
    expect(parseLastEventId('42:3', 'lastEventId')).toEqual({
      position: 42,
      index: 3,
    });
    expect(parseLastEventId(undefined, 'lastEventId')).toBeUndefined();
  });

  it('lets the Last-Event-ID header win over the query', () => {
    expect(parseLiveRequest({ lastEventId: '7' }, '9:1').after).toEqual({
      position: 9,
      index: 1,
    });
  });

  it.each([
    [{ topics: 'Deal!' }, /^topics:/],
    [{ company: 'Not A Slug' }, /^company:/],
    [{ deal: ',' }, /^deal:/],
    [{ at: '2025-02-30' }, /^at:/],
    [{ lastEventId: '-1' }, /^lastEventId:/],
    [{ lastEventId: '4:x' }, /^lastEventId:/],
  ])('refuses %j naming the field', (query, message) => {
    expect(() => parseLiveRequest(query)).toThrow(ValidationError);
    expect(() => parseLiveRequest(query)).toThrow(message);
  });
});

describe('withoutAccessToken (the URL as it may be logged)', () => {
  it('drops every access_token parameter and keeps the others', () => {
    expect(withoutAccessToken('/live?access_token=s3cret&topics=deal')).toBe(
      '/live?topics=deal',
    );
    expect(
      withoutAccessToken('/live?topics=deal&access_token=a&access_token=b'),
    ).toBe('/live?topics=deal');
    expect(withoutAccessToken('/live?access_token=s3cret')).toBe('/live');
    expect(withoutAccessToken('/live?access_tokens=x')).toBe(
      '/live?access_tokens=x',
    );
    expect(withoutAccessToken('/live')).toBe('/live');
  });
});
