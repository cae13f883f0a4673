import { startupBanner } from './startup-banner';

describe('the start-up banner', () => {
  it('points at the dashboard, the API docs, the live stream, and curl lines on the data set', () => {
    const text = startupBanner('http://[::1]:3000', {
      seed: 'ai-buildout',
      tokens: [],
    });
    expect(text).toContain('http://localhost:3000/docs');
    expect(text).toContain('http://localhost:3000/live');
    expect(text).toContain('  dashboard     http://localhost:3000/');
    expect(text).toContain(
      'curl -s "http://localhost:3000/companies/oracle/exposure?at=2025-12-31"',
    );
    expect(text).not.toContain('Authorization');
    // the scenario body printed is valid JSON
    const body = /-d '(.*)'/.exec(text)![1];
    expect(JSON.parse(body)).toMatchObject({
      model: 'furfine',
      shocks: [{ type: 'default', company: 'openai' }],
    });
  });

  it('adds the bearer header when tokens are configured, and no data-set examples without the seed', () => {
    const text = startupBanner('http://127.0.0.1:8080', {
      seed: 'none',
      tokens: [{ name: 'ci', role: 'reader', token: 'secret' }],
    });
    expect(text).toContain(
      'curl -s -H "Authorization: Bearer $TANGLE_TOKEN" http://localhost:8080/health',
    );
    expect(text).not.toContain('oracle');
    expect(text).not.toContain('secret');
  });
});
