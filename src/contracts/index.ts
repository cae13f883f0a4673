/**
 * The contract the server, the CLI and the dashboard share: the closed lists of values the API
 * takes and answers with, as `as const` lists and their types. The server's DTOs validate against
 * these lists and the OpenAPI document lists them (src/api-client carries them as generated
 * types); the CLI and the dashboard import them from here instead of keeping copies.
 *
 * A leaf: it imports nothing, so any client (Node or the browser) can import it.
 */
export * from './deals';
export * from './exposures';
export * from './health';
export * from './scenarios';
export * from './valuation';
