/**
 * The page's own server: the emulator's demo routes stand in for an app's
 * backend, which creates the session with the API key the page never sees.
 */
export async function requestSessionId(signal: AbortSignal): Promise<string> {
  const response = await fetch('/api/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
    signal,
  });
  const body: unknown = await response.json().catch(() => undefined);
  const sessionId = typeof body === 'object' && body !== null ? (body as { sessionId?: unknown }).sessionId : undefined;
  if (!response.ok || typeof sessionId !== 'string' || sessionId === '') {
    throw new Error(`The server could not create a session (HTTP ${response.status})`);
  }
  return sessionId;
}
