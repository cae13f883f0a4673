import { AppConfig } from './config/app-config';

/**
 * What `npm start` prints once the service listens: where to look, and a few curl lines that work
 * exactly as printed against the AI build-out data set.
 */
export function startupBanner(
  baseUrl: string,
  config: Pick<AppConfig, 'seed' | 'tokens'>,
): string {
  const url = baseUrl
    .replace('[::1]', 'localhost')
    .replace('0.0.0.0', 'localhost')
    .replace('127.0.0.1', 'localhost')
    .replace(/\/+$/, '');
  const auth =
    config.tokens.length > 0 ? ` -H "Authorization: Bearer $TANGLE_TOKEN"` : '';
  const lines = [
    `  dashboard     ${url}/`,
    `  API docs      ${url}/docs`,
    `  live updates  ${url}/live  (Server-Sent Events)`,
    `  health        ${url}/health`,
    '',
    'Try:',
  ];
  if (config.seed === 'ai-buildout') {
    lines.push(
      `  curl -s${auth} "${url}/companies/oracle/exposure?at=2025-12-31"`,
      `  curl -s${auth} "${url}/exposures?at=2022-11-01"`,
      `  curl -s${auth} "${url}/exposures/cycles?at=2025-12-31"`,
      `  curl -s${auth} ${url}/deals/openai-aws-38b/history`,
      `  curl -s${auth} -X POST ${url}/scenarios -H "Content-Type: application/json" \\`,
      `    -d '{"name":"OpenAI slips","at":"2026-06-01","model":"furfine","shocks":[{"type":"default","company":"openai","recoveryRate":0.4}]}'`,
      `  curl -sN${auth} ${url}/live`,
    );
  } else {
    lines.push(
      `  curl -s${auth} ${url}/health`,
      `  curl -s${auth} "${url}/exposures"`,
      `  curl -sN${auth} ${url}/live`,
    );
  }
  if (config.tokens.length > 0)
    lines.push(
      '',
      '(TANGLE_TOKENS is set: put one of its tokens in $TANGLE_TOKEN first.)',
    );
  return lines.join('\n');
}
