/**
 * The default, deterministic LLM: answers everyday questions, calls the
 * client tool (or MCP server tool) that matches the user's words, and after
 * tool results answers from them: on the client's follow-up call for client
 * tools, in the same stream for server-run (MCP) tools.
 */
import { randomBytes } from 'node:crypto';
import { sentenceChunks } from './sentences.js';
import { smalltalk } from './smalltalk.js';
import { chooseTool, extractArguments } from './tool-match.js';
import { summarizeToolResults } from './tool-summary.js';
import { lastUserText, type LlmChunk, type LlmEngine, type LlmTurn, type ToolCall, type ToolSpec } from './types.js';
import { words } from './words.js';

export class ScriptedLlmEngine implements LlmEngine {
  readonly description = 'scripted';
  readonly paced = true;

  constructor(private readonly now: () => Date = () => new Date()) {}

  async *run(turn: LlmTurn): AsyncIterable<LlmChunk> {
    if (turn.messages.at(-1)?.role === 'tool') {
      yield* messageChunks(summarizeToolResults(turn.messages));
      return;
    }
    const text = lastUserText(turn.messages);

    const clientTool = chooseTool(text, turn.tools);
    if (clientTool) {
      const { args, missing } = extractArguments(text, clientTool.function.parameters);
      if (missing.length > 0) {
        yield* messageChunks(askFor(clientTool, missing));
        return;
      }
      yield { type: 'tool_call', content: '', tool_calls: [toolCall(clientTool, args)] };
      return;
    }

    const serverSpec = chooseTool(text, turn.serverTools.map((tool) => tool.spec));
    const serverTool = serverSpec && turn.serverTools.find((tool) => tool.spec === serverSpec);
    if (serverTool) {
      const { args } = extractArguments(text, serverTool.spec.function.parameters);
      const call = toolCall(serverTool.spec, args);
      const result = JSON.stringify(serverTool.run(args));
      yield { type: 'tool_call', content: '', tool_calls: [call] };
      yield { role: 'tool', type: 'tool_call', content: result, tool_call_id: call.id };
      // No client tool ran, so no client calls back: the answer follows in this same stream.
      const answered = [...turn.messages, { role: 'assistant', type: 'tool_call', content: '', tool_calls: [call] }, { role: 'tool', content: result, tool_call_id: call.id }];
      yield* messageChunks(summarizeToolResults(answered));
      return;
    }

    yield* messageChunks(smalltalk(text, turn.assistantName, this.now()));
  }
}

export function* messageChunks(text: string): Iterable<LlmChunk> {
  for (const content of sentenceChunks(text)) yield { type: 'message', content };
}

export function toolCall(spec: ToolSpec, args: Record<string, unknown>): ToolCall {
  return { id: `call_${randomBytes(12).toString('hex')}`, type: 'function', function: { name: spec.function.name, arguments: JSON.stringify(args) } };
}

function askFor(tool: ToolSpec, missing: string[]): string {
  const what = missing.map((name) => words(name).join(' ')).join(' and ');
  return `I can ${words(tool.function.name).join(' ')} for you. Which ${what} do you mean?`;
}
