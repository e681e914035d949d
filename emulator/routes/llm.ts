/** `POST /api/v1/session/{id}/llm/v2/`: the streamed LLM answer. */
import { HttpError, invalid } from '../http/respond.js';
import { isRecord, readJsonObject } from '../http/body.js';
import type { EmulatorServerHooks } from '../http/server.js';
import type { EmulatorContext } from '../context.js';
import { serverToolsFor } from '../engines/llm/mcp-tools.js';
import { SseWriter } from '../engines/llm/sse.js';
import type { ChatMessage, LlmChunk, LlmTurn, ToolSpec } from '../engines/llm/types.js';
import { requireLiveSession } from './session-access.js';

export function registerLlmRoute(server: EmulatorServerHooks, emulator: EmulatorContext): void {
  server.registerRoute({
    method: 'POST',
    path: '/api/v1/session/:id/llm/v2/',
    handler: async ({ req, res, params }) => {
      const record = requireLiveSession(emulator, params.id!, 'LLM');
      const body = await readJsonObject(req, emulator.limits.jsonBodyBytes);
      const controller = new AbortController();
      res.once('close', () => controller.abort());
      const name = record.params.modelStyle.name;
      const turn: LlmTurn = {
        messages: readMessages(body.messages),
        tools: readTools(body.tools),
        assistantName: name.charAt(0).toUpperCase() + name.slice(1),
        systemPrompt: record.params.prompt.system_prompt,
        serverTools: serverToolsFor(record.params.mcpServers),
        signal: controller.signal,
      };
      const fault = emulator.faults.takeLlmFault(record.id);
      const chunks = emulator.llm.stream(turn)[Symbol.asyncIterator]();

      // The first chunk is awaited before answering, so an engine that fails
      // at once (an unreachable upstream) gives an API error, not a stream.
      let next: IteratorResult<LlmChunk>;
      try {
        next = await chunks.next();
      } catch (error) {
        if (controller.signal.aborted) return;
        throw error instanceof HttpError ? error : new HttpError(502, 'llm_error', `The LLM failed: ${(error as Error).message}`);
      }
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-cache',
        'X-Accel-Buffering': 'no',
      });
      const writer = new SseWriter(res, fault, controller.signal);
      try {
        while (!next.done && !writer.done) {
          await writer.chunk(next.value);
          if (writer.done) break;
          next = await chunks.next();
        }
        writer.finish();
      } catch (error) {
        if (!controller.signal.aborted) writer.error(`The LLM failed: ${(error as Error).message}`);
      } finally {
        await chunks.return?.();
      }
    },
  });
}

function readMessages(value: unknown): ChatMessage[] {
  if (!Array.isArray(value) || value.length === 0) throw invalid('messages', 'messages must be a non-empty list of messages');
  value.forEach((message, index) => {
    if (!isRecord(message) || typeof message.role !== 'string') throw invalid('messages', `messages[${index}] must be an object with a role`);
    if (message.role === 'tool' && typeof message.tool_call_id !== 'string') throw invalid('messages', `messages[${index}] is a tool result without tool_call_id`);
    if (message.tool_calls !== undefined && !Array.isArray(message.tool_calls)) throw invalid('messages', `messages[${index}].tool_calls must be a list`);
  });
  return value as ChatMessage[];
}

function readTools(value: unknown): ToolSpec[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid('tools', 'tools must be a list');
  value.forEach((tool, index) => {
    if (!isRecord(tool) || !isRecord(tool.function) || typeof tool.function.name !== 'string' || tool.function.name === '') {
      throw invalid('tools', `tools[${index}] must be {type: "function", function: {name, description, parameters}}`);
    }
  });
  return value as ToolSpec[];
}
