/** What each endpoint's 2xx body must look like, checked just deeply enough to use it safely. */
import { MISMATCH, type Expectation } from './http.js';
import { isRecord } from './validate.js';

/** A JSON array (the settings lists). Entries are trusted to follow PROTOCOL.md. */
export function jsonArray<T>(): Expectation<T[]> {
  return {
    description: 'a JSON array',
    pick: (body) => (Array.isArray(body) ? (body as T[]) : MISMATCH),
  };
}

/** A JSON object whose named fields have the given JSON types. */
export function jsonObject<T>(fields: Record<string, 'string' | 'array' | 'object'>): Expectation<T> {
  const names = Object.entries(fields).map(([name, type]) => `"${name}" (${type})`);
  return {
    description: `a JSON object with ${names.join(', ')}`,
    pick: (body) => (isRecord(body) && Object.entries(fields).every(([name, type]) => hasType(body[name], type)) ? (body as T) : MISMATCH),
  };
}

/** Anything, including an empty body (answered as `undefined`). */
export const anyJson: Expectation<unknown> = {
  description: 'JSON',
  pick: (body) => body,
};

/** One field of a JSON object, checked by `inner`. */
export function field<T>(name: string, inner: Expectation<T>): Expectation<T> {
  return {
    description: `a JSON object whose "${name}" is ${inner.description}`,
    pick: (body) => (isRecord(body) ? inner.pick(body[name]) : MISMATCH),
  };
}

function hasType(value: unknown, type: 'string' | 'array' | 'object'): boolean {
  if (type === 'array') return Array.isArray(value);
  if (type === 'object') return isRecord(value);
  return typeof value === 'string';
}

/** The value `inner` picks, reshaped by `map` (e.g. to answer only the documented fields). */
export function mapped<T, U>(inner: Expectation<T>, map: (value: T) => U): Expectation<U> {
  return {
    description: inner.description,
    pick: (body) => {
      const value = inner.pick(body);
      return value === MISMATCH ? MISMATCH : map(value);
    },
  };
}
