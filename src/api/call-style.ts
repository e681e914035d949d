/**
 * Every public REST function takes either one options object
 * (`fn({ apiKey, …, apiServer?, signal? })`, `apiServer` defaulting to
 * `DEFAULT_API_SERVER`) or the classic positional arguments
 * (`fn(apiServer, apiKey, …, signal?)`). This turns both into one record.
 */
import { InvalidArgumentError } from '../errors.js';
import { DEFAULT_API_SERVER, isRecord, normalizeApiServer } from './validate.js';

/** Arguments resolved from either call style, with `apiServer` normalised. */
export interface ResolvedArgs {
  apiServer: string;
  signal: AbortSignal | undefined;
  /** Every named argument, as given (validated by the caller). */
  values: Record<string, unknown>;
}

/**
 * @param fn the public function's name, for error messages
 * @param positional the names of the positional arguments after `apiServer`, in order; `signal` comes after them
 */
export function resolveArgs(fn: string, args: readonly unknown[], positional: readonly string[]): ResolvedArgs {
  let values: Record<string, unknown>;
  if (typeof args[0] === 'string') {
    values = { apiServer: args[0] };
    positional.forEach((name, index) => (values[name] = args[index + 1]));
    values.signal = args[positional.length + 1];
  } else if (isRecord(args[0])) {
    values = { ...args[0] };
    values.apiServer ??= DEFAULT_API_SERVER;
  } else {
    throw new InvalidArgumentError(
      fn,
      `expects an options object ({ ${positional.join(', ')}, apiServer? }) or positional arguments (apiServer, ${positional.join(', ')})`,
    );
  }
  const signal = values.signal;
  if (signal !== undefined && !isAbortSignalLike(signal)) {
    throw new InvalidArgumentError('signal', 'must be an AbortSignal');
  }
  return { apiServer: normalizeApiServer(values.apiServer), signal, values };
}

/** Duck-typed, so a signal from another realm (an iframe, a test DOM) is accepted too. */
function isAbortSignalLike(value: unknown): value is AbortSignal {
  return isRecord(value) && typeof value.aborted === 'boolean' && typeof value.addEventListener === 'function';
}

/** Gives an implementation the public name, so stack traces and `fn.name` read well. */
export function named<F extends (...args: never[]) => unknown>(name: string, fn: F): F {
  Object.defineProperty(fn, 'name', { value: name });
  return fn;
}
