/**
 * Every error the SDK throws or reports. Each class sets `name`, so errors
 * stay recognisable after `structuredClone`, `postMessage` or a log line, and
 * `instanceof` works across the ESM, CJS and IIFE builds of one entry point.
 */

/** One entry of a Perso API error body: `{"errors": [{code, detail, attr}]}`. */
export interface ApiErrorDetail {
  code: string;
  detail: string;
  attr?: string | null;
}

/** Code used when an error answer carries no readable `errors` body. */
export const UNKNOWN_ERROR_CODE = 'UNKNOWN_ERROR';

/** A non-2xx answer from the Perso API. */
export class ApiError extends Error {
  override name = 'ApiError';
  /** The HTTP status of the answer. */
  readonly errorCode: number;
  /** The machine code of the first error, or `UNKNOWN_ERROR`. */
  readonly code: string;
  /** The human text of the first error, or a description of the answer. */
  readonly detail: string;
  /** The request field the error is about, when the server names one. */
  readonly attr: string | null;
  /** Every error the answer listed. */
  readonly errors: readonly ApiErrorDetail[];

  constructor(errorCode: number, code: string, detail: string, attr: string | null = null, errors?: readonly ApiErrorDetail[]) {
    super(`${detail} (HTTP ${errorCode}, ${code}${attr ? `, attr: ${attr}` : ''})`);
    this.errorCode = errorCode;
    this.code = code;
    this.detail = detail;
    this.attr = attr;
    this.errors = errors ?? [{ code, detail, attr }];
  }
}

/** Session creation failed (any API error other than the two below). */
export class SessionCreationError extends ApiError {
  override name = 'SessionCreationError';
}

/** Session creation referenced a resource that does not exist (`does_not_exist`). */
export class DoesNotExistError extends SessionCreationError {
  override name = 'DoesNotExistError';
}

/** Session creation referenced a resource not assigned to the organisation (`not_in_organization`). */
export class NotInOrganizationError extends SessionCreationError {
  override name = 'NotInOrganizationError';
}

/** The request never got an HTTP answer: refused connection, DNS failure, reset. */
export class NetworkError extends Error {
  override name = 'NetworkError';
  readonly url: string;
  constructor(url: string, cause: unknown) {
    super(`Could not reach ${url}: ${describeCause(cause)}`, { cause });
    this.url = url;
  }
}

/** The caller aborted the request through its `AbortSignal`. */
export class AbortError extends Error {
  override name = 'AbortError';
  constructor(message = 'The operation was aborted', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** An LLM turn failed; `underlyingError` is the API or network error behind it. */
export class LLMError extends Error {
  override name = 'LLMError';
  readonly underlyingError: unknown;
  constructor(message: string, underlyingError?: unknown) {
    super(message, { cause: underlyingError });
    this.underlyingError = underlyingError;
  }
}

/** The LLM stream delivered a line with a status other than `success`, or a line that is not valid JSON. */
export class LLMStreamingResponseError extends Error {
  override name = 'LLMStreamingResponseError';
  /** The `reason` (or the offending line) the stream carried. */
  readonly description: string;
  constructor(description: string) {
    super(`LLM stream error: ${description}`);
    this.description = description;
  }
}

/** Speech-to-text failed; `underlyingError` is the API or recorder error behind it. */
export class STTError extends Error {
  override name = 'STTError';
  readonly underlyingError: unknown;
  constructor(message: string, underlyingError?: unknown) {
    super(message, { cause: underlyingError });
    this.underlyingError = underlyingError;
  }
}

/** Text-to-speech failed; `underlyingError` is the API error behind it. */
export class TTSError extends Error {
  override name = 'TTSError';
  readonly underlyingError: unknown;
  constructor(message: string, underlyingError?: unknown) {
    super(message, { cause: underlyingError });
    this.underlyingError = underlyingError;
  }
}

/** The TTS answer could not be decoded (bad base64, not WAV/MP3, or not resamplable here). */
export class TTSDecodeError extends Error {
  override name = 'TTSDecodeError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A session method was called after the session closed. */
export class SessionClosedError extends Error {
  override name = 'SessionClosedError';
  /** Why the session closed, as reported to `onClose`. */
  readonly reason: string;
  constructor(method: string, reason: string) {
    super(`${method}() was called after the session closed (${reason})`);
    this.reason = reason;
  }
}

/** Bad arguments to an SDK call, caught before any request is made. */
export class InvalidArgumentError extends TypeError {
  override name = 'InvalidArgumentError';
  readonly argument: string;
  constructor(argument: string, message: string) {
    super(`${argument}: ${message}`);
    this.argument = argument;
  }
}

/**
 * Hands-free listening and a `startProcessSTT()` recording each need the
 * microphone to themselves (and listening transcribes every utterance
 * already): starting one while the other runs is refused with this error.
 */
export class MicrophoneBusyError extends Error {
  override name = 'MicrophoneBusyError';
  /** What holds the microphone: hands-free `listening`, or a startProcessSTT() `recording`. */
  readonly heldBy: 'listening' | 'recording';
  constructor(method: string, heldBy: 'listening' | 'recording') {
    super(
      heldBy === 'listening'
        ? `${method}() cannot record while hands-free listening is on: call stopListening() first`
        : `${method}() cannot listen while a startProcessSTT() recording holds the microphone: call stopProcessSTT() first`,
    );
    this.heldBy = heldBy;
  }
}

/** The `file` channel failed: closed early, timed out, or an error from the transport. */
export class FileUploadError extends Error {
  override name = 'FileUploadError';
}

/**
 * The server refused an upload (PROTOCOL.md, "Uploading a file"): it answered
 * `error:<code>` instead of a `file_ref` — `too_large`, `not_audio` (the bytes
 * are no WAV or MP3), `unsupported_format` (audio the server cannot play).
 */
export class UploadRefusedError extends FileUploadError {
  override name = 'UploadRefusedError';
  /** The server's reason, e.g. `not_audio`. */
  readonly code: string;
  constructor(code: string) {
    super(`The server refused the upload (${code})`);
    this.code = code;
  }
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: unknown; cause?: { code?: unknown; message?: unknown } }).cause?.code
      ?? (cause as Error & { code?: unknown }).code;
    const inner = (cause as Error & { cause?: { message?: unknown } }).cause?.message;
    return [cause.message, typeof code === 'string' ? code : undefined, typeof inner === 'string' && inner !== cause.message ? inner : undefined]
      .filter(Boolean)
      .join(' — ');
  }
  return String(cause);
}

/**
 * A call needed the WebRTC link and could not get it: the session has no
 * avatar link (no `STF_WEBRTC` capability), or it was reconnecting and the
 * link did not come back within the wait bound.
 */
export class LinkUnavailableError extends Error {
  override name = 'LinkUnavailableError';
  readonly reason: 'no-webrtc' | 'timeout';
  constructor(method: string, reason: 'no-webrtc' | 'timeout', timeoutMs?: number) {
    super(
      reason === 'no-webrtc'
        ? `${method}() needs the avatar link, and this session has none (no STF_WEBRTC capability)`
        : `${method}() waited ${timeoutMs} ms for the link to come back while reconnecting, in vain`,
    );
    this.reason = reason;
  }
}
