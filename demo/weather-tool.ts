/** The example client tool `get_weather({location})`; the tool panel follows it through the session's tool events. */
import type { ChatTool, PersoSdk } from './sdk.js';
import { fakeWeather } from './weather.js';

export function createWeatherTool(sdk: PersoSdk): ChatTool {
  return new sdk.ChatTool(
    'get_weather',
    'Get the current weather for a location',
    {
      type: 'object',
      properties: { location: { type: 'string', description: 'City name, e.g. Paris' } },
      required: ['location'],
    },
    async (args: unknown) => fakeWeather(readLocation(args)),
    false,
  );
}

function readLocation(args: unknown): string {
  const location = typeof args === 'object' && args !== null && 'location' in args ? args.location : undefined;
  if (typeof location !== 'string' || location.trim() === '') throw new Error('get_weather needs a "location" string');
  return location;
}
