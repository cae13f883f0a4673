/**
 * The typed view of the HTTP API, generated from its OpenAPI document (openapi.json, written by
 * `npm run openapi` from the running application's controllers, DTOs and src/common/openapi.ts).
 * Clients (the CLI's `--url` mode) take their paths, query parameters, bodies and answers from
 * here, so a change of the document that breaks them is a compile error, not a surprise at run
 * time. Types only: no runtime code, so any client (Node or browser) can import it.
 */
import type { components, operations, paths } from './schema';

export type { components, operations, paths };

/** The named schemas of the document (DTOs and answers). */
export type Schemas = components['schemas'];

export type Method = 'get' | 'post' | 'patch';

/** The paths (templates such as `/deals/{id}`) that have an operation for `method`. */
export type PathsWith<M extends Method> = {
  [P in keyof paths]: [NonNullable<paths[P][M]>] extends [never] ? never : P;
}[keyof paths];

export type Operation<M extends Method, P extends PathsWith<M>> = NonNullable<
  paths[P][M]
>;

type Json<R> = R extends { content: { 'application/json': infer B } }
  ? B
  : unknown;
type Success = 200 | 201 | 202;

/** The JSON answer of a successful call (the document's 2xx answer). */
export type Answer<M extends Method, P extends PathsWith<M>> =
  Operation<M, P> extends { responses: infer R }
    ? Json<R[keyof R & Success]>
    : never;

/** The JSON body an operation takes (`never` when it takes none). */
export type Body<M extends Method, P extends PathsWith<M>> =
  Operation<M, P> extends {
    requestBody?: { content: { 'application/json': infer B } };
  }
    ? B
    : never;

/** The path parameters of a template (`{ id: string }` for `/deals/{id}`). */
export type PathParams<P extends string> =
  P extends `${string}{${infer Name}}${infer Rest}`
    ? { [K in Name]: string } & PathParams<Rest>
    : unknown;

/** `/deals/{id}/history` with `{ id: 'x' }` → `/deals/x/history` (each value URI-encoded). */
export function fillPath<P extends string>(
  template: P,
  params: PathParams<P>,
): string {
  const values = params as Record<string, string>;
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined)
      throw new Error(`${template}: no value for {${name}}`);
    return encodeURIComponent(value);
  });
}
