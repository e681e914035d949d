import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  contentType: string | undefined;
  body: { messages: unknown[]; tools: unknown[] };
}

export type Script = (request: RecordedRequest, response: ServerResponse, index: number) => void | Promise<void>;

/** A node:http server on 127.0.0.1 answering each request with `script`. */
export async function startLlmServer(script: Script): Promise<{
  url: string;
  requests: RecordedRequest[];
  closedResponses: () => number;
  close: () => Promise<void>;
}> {
  const requests: RecordedRequest[] = [];
  let closed = 0;
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const parts: Buffer[] = [];
    for await (const part of req) parts.push(part as Buffer);
    const request: RecordedRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      contentType: req.headers['content-type'],
      body: JSON.parse(Buffer.concat(parts).toString('utf8')) as RecordedRequest['body'],
    };
    requests.push(request);
    res.on('close', () => {
      closed += 1;
    });
    await script(request, res, requests.length - 1);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    closedResponses: () => closed,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sse(data: Record<string, unknown>): string {
  return `data: ${JSON.stringify({ status: 'success', ...data })}\n\n`;
}

export function startStream(res: ServerResponse): void {
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
  res.flushHeaders();
}

/** A promise with its resolver, to let a test pace the server. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}
