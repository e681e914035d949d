/**
 * A REST endpoint of PROTOCOL.md as data (method, path, scope, arguments,
 * body, answer), and the two ways every endpoint is called: positional
 * (`PersoUtilServer`, the SDK's own actors) and both public call styles
 * (`fn({ apiKey, …, apiServer?, signal? })` or `fn(apiServer, apiKey, …, signal?)`).
 * An endpoint is declared once, in `organisation-endpoints.ts` or
 * `session-endpoints.ts`; everything else is derived from the declaration.
 */
import { named, resolveArgs } from './call-style.js';
import { requestJson, requestStream } from './http.js';
import type { ApiRequest, Expectation } from './http.js';
import { normalizeApiServer, requireApiKey, requireText } from './validate.js';

/**
 * `organisation`: the first argument is the API key, sent as `PersoLive-APIKey`.
 * `session`: the first argument is the session id, in the path; it is the only
 * authority, and no key is ever sent.
 */
export type Scope = 'organisation' | 'session';

/** The answer of an endpoint that streams (`/llm/v2/`): the body stream of its 2xx answer. */
export const STREAMED = 'streamed';

export interface Endpoint<Args extends unknown[], Answer> {
  method: ApiRequest['method'];
  /** The path after the API server, with `{name}` for each argument that is a path segment. */
  path: string;
  scope: Scope;
  /** The argument names after `apiServer`, in positional order; the object call style takes them as keys. */
  args: { [K in keyof Args]: string };
  /** The JSON or multipart body, from the arguments (checking them: an `InvalidArgumentError` is thrown before any request). */
  body?: (...args: Args) => Pick<ApiRequest, 'json' | 'form'>;
  answer: Expectation<Answer> | typeof STREAMED;
  /** Turns any failure into the endpoint's own error type. */
  mapError?: (error: unknown) => unknown;
}

/** Declares an endpoint; `Args` is a labelled tuple, which names the positional parameters in the typings. */
export function endpoint<Args extends unknown[], Answer>(spec: Endpoint<Args, Answer>): Endpoint<Args, Answer> {
  return spec;
}

/** Any endpoint, whatever its arguments and answer (`any`: the argument tuple sits in both variances). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyEndpoint = Endpoint<any, any>;

/** `(apiServer, ...args, signal?)`: how `PersoUtilServer` and the SDK itself call an endpoint. */
export type PositionalCall<Args extends unknown[], Answer> = (apiServer: string, ...args: [...Args, signal?: AbortSignal]) => Promise<Answer>;

export type PositionalCalls<Table> = {
  [Name in keyof Table]: Table[Name] extends Endpoint<infer Args, infer Answer> ? PositionalCall<Args, Answer> : never;
};

/** Sends one request to `spec` after checking every argument. */
export async function callEndpoint<Args extends unknown[], Answer>(
  spec: Endpoint<Args, Answer>,
  apiServer: unknown,
  args: Args,
  signal?: AbortSignal,
): Promise<Answer> {
  try {
    const base = normalizeApiServer(apiServer);
    const apiKey = spec.scope === 'organisation' ? requireApiKey(args[0]) : undefined;
    // Each path argument becomes exactly one segment, so an id can never walk to another path.
    const path = spec.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(requireText(name, args[spec.args.indexOf(name)])));
    const request: ApiRequest = { method: spec.method, url: `${base}${path}`, apiKey, ...spec.body?.(...args), signal };
    return spec.answer === STREAMED ? ((await requestStream(request)) as Answer) : await requestJson(request, spec.answer);
  } catch (error) {
    throw spec.mapError ? spec.mapError(error) : error;
  }
}

function positional<Args extends unknown[], Answer>(name: string, spec: Endpoint<Args, Answer>): PositionalCall<Args, Answer> {
  return named(name, (apiServer: string, ...rest: unknown[]) =>
    callEndpoint(spec, apiServer, rest.slice(0, spec.args.length) as Args, rest[spec.args.length] as AbortSignal | undefined),
  ) as PositionalCall<Args, Answer>;
}

/** One positional function per endpoint of `table`, named after it. */
export function positionalCalls<Table extends Record<string, AnyEndpoint>>(table: Table): PositionalCalls<Table> {
  return Object.fromEntries(Object.entries(table).map(([name, spec]) => [name, positional(name, spec as Endpoint<unknown[], unknown>)])) as PositionalCalls<Table>;
}

/**
 * The public function `name` over `spec`, in both call styles; `Call` is its
 * published (overloaded) type.
 */
export function publicCall<Call>(name: string, spec: AnyEndpoint): Call {
  const endpointSpec = spec as Endpoint<unknown[], unknown>;
  return named(name, async (...args: unknown[]) => {
    const { apiServer, signal, values } = resolveArgs(name, args, endpointSpec.args);
    return callEndpoint(endpointSpec, apiServer, endpointSpec.args.map((arg) => values[arg]), signal);
  }) as Call;
}
