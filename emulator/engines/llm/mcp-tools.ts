/** The tools of the catalog's MCP servers, which the emulator runs itself. */
import type { MCPServer } from '../../../src/api/types.js';
import type { ServerTool } from './types.js';

const TIME_ZONES: Readonly<Record<string, string>> = {
  tokyo: 'Asia/Tokyo',
  seoul: 'Asia/Seoul',
  paris: 'Europe/Paris',
  london: 'Europe/London',
  berlin: 'Europe/Berlin',
  'new york': 'America/New_York',
  'los angeles': 'America/Los_Angeles',
  'san francisco': 'America/Los_Angeles',
  sydney: 'Australia/Sydney',
  singapore: 'Asia/Singapore',
};

const worldClock: ServerTool = {
  spec: {
    type: 'function',
    function: {
      name: 'get_world_time',
      description: 'Current local time in a city',
      parameters: { type: 'object', properties: { city: { type: 'string', description: 'City name' } }, required: ['city'] },
    },
  },
  run(args) {
    const city = typeof args.city === 'string' && args.city ? args.city : 'UTC';
    const timeZone = TIME_ZONES[city.toLowerCase()] ?? 'UTC';
    const time = new Date().toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone });
    return { city, time, timezone: timeZone };
  },
};

const TOOLS_BY_SERVER: Readonly<Record<string, ServerTool[]>> = { 'mcp-clock': [worldClock] };

export function serverToolsFor(servers: readonly MCPServer[]): ServerTool[] {
  return servers.flatMap((server) => TOOLS_BY_SERVER[server.mcpserver_id] ?? []);
}
