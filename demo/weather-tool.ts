/** The example client tool `get_weather({location})`, reporting to the tool panel. */
import type { ChatTool, PersoSdk } from './sdk.js';
import type { ToolActivityView } from './tool-activity.js';
import { fakeWeather } from './weather.js';

export function createWeatherTool(sdk: PersoSdk, activity: ToolActivityView): ChatTool {
  return new sdk.ChatTool(
    'get_weather',
    'Get the current weather for a location',
    {
      type: 'object',
      properties: { location: { type: 'string', description: 'City name, e.g. Paris' } },
      required: ['location'],
    },
    async (args: unknown) => {
      const entry = activity.begin('get_weather', args);
      try {
        const location = readLocation(args);
        const weather = fakeWeather(location);
        entry.succeed(weather);
        return weather;
      } catch (error) {
        entry.fail(error);
        throw error;
      }
    },
    false,
  );
}

function readLocation(args: unknown): string {
  const location = typeof args === 'object' && args !== null && 'location' in args ? args.location : undefined;
  if (typeof location !== 'string' || location.trim() === '') throw new Error('get_weather needs a "location" string');
  return location;
}
