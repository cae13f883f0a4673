import {
  Answer,
  Body,
  fillPath,
  Method,
  PathParams,
  PathsWith,
} from '../../api-client';

/**
 * A small HTTP client of the Tangle API (API.md): the CLI and the demo talk to a server through it,
 * whether the server runs elsewhere (`--url`) or in this process on an embedded store.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly method: string,
    readonly path: string,
  ) {
    super(
      typeof body.message === 'string'
        ? body.message
        : `${method} ${path} answered ${status}`,
    );
  }
}

/** The server could not be reached at all. */
export class UnreachableError extends Error {}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Sent as is (NDJSON for /import). */
  rawBody?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export class TangleClient {
  readonly baseUrl: string;

  constructor(
    baseUrl: string,
    private readonly token?: string,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  url(path: string, query?: RequestOptions['query']): string {
    const u = new URL(this.baseUrl + path);
    for (const [k, v] of Object.entries(query ?? {}))
      if (v !== undefined && v !== '') u.searchParams.set(k, String(v));
    return u.toString();
  }

  async request<T>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<T> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...(options.headers ?? {}),
    };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let body: string | undefined;
    if (options.rawBody !== undefined) {
      body = options.rawBody;
      headers['content-type'] = options.contentType ?? 'application/x-ndjson';
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    let res: Response;
    try {
      res = await fetch(this.url(path, options.query), {
        method,
        headers,
        body,
      });
    } catch (error) {
      const cause =
        (error as { cause?: { code?: string } }).cause?.code ??
        (error as Error).message;
      throw new UnreachableError(`cannot reach ${this.baseUrl} (${cause})`);
    }
    const text = await res.text();
    let parsed: unknown = undefined;
    if (text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = { message: text };
      }
    }
    if (!res.ok) {
      const errBody =
        parsed !== null && typeof parsed === 'object'
          ? (parsed as Record<string, unknown>)
          : { message: String(parsed) };
      throw new ApiError(res.status, errBody, method, path);
    }
    return parsed as T;
  }

  /**
   * A call typed by the API's OpenAPI document (src/api-client): `path` is one of its path
   * templates, `params` fills the template, the body and the answer are its schemas.
   */
  call<M extends Method, P extends PathsWith<M>>(
    method: M,
    path: P,
    options: {
      params?: PathParams<P>;
      query?: RequestOptions['query'];
      body?: Body<M, P>;
      headers?: Record<string, string>;
    } = {},
  ): Promise<Answer<M, P>> {
    return this.request<Answer<M, P>>(
      method.toUpperCase(),
      fillPath(path, (options.params ?? {}) as PathParams<P>),
      { query: options.query, body: options.body, headers: options.headers },
    );
  }

  get<T>(path: string, query?: RequestOptions['query']): Promise<T> {
    return this.request<T>('GET', path, { query });
  }

  post<T>(
    path: string,
    body: unknown,
    headers?: Record<string, string>,
  ): Promise<T> {
    return this.request<T>('POST', path, { body, headers });
  }
}
