/**
 * The example app: Start mounts a <PersoSessionProvider> (one session), Stop
 * unmounts it (the session ends), "New session" changes its key. The weather
 * tool reads the unit picked on the page when the model calls it.
 */
import { useState } from 'react';
import { PersoSessionProvider, useChatTool } from 'perso-interactive-sdk-web/react';
import { Conversation } from './conversation.js';
import { requestSessionId } from './server-api.js';
import { weatherReport } from './weather.js';
import type { TemperatureUnit, WeatherReport } from './weather.js';

export interface ToolCallRecord {
  location: string;
  report: WeatherReport;
}

export function App() {
  const [running, setRunning] = useState(false);
  const [sessionKey, setSessionKey] = useState(0);
  const [unit, setUnit] = useState<TemperatureUnit>('celsius');
  const [toolCalls, setToolCalls] = useState<ToolCallRecord[]>([]);

  const weatherTool = useChatTool<{ location?: unknown }>({
    name: 'get_weather',
    description: 'Get the current weather for a location',
    parameters: { type: 'object', properties: { location: { type: 'string', description: 'City name, e.g. Paris' } }, required: ['location'] },
    call: ({ location }) => {
      if (typeof location !== 'string' || location.trim() === '') throw new Error('get_weather needs a "location" string');
      const report = weatherReport(location.trim(), unit);
      setToolCalls((calls) => [...calls, { location: report.location, report }]);
      return report;
    },
  });

  return (
    <main className="app">
      <header className="toolbar">
        <h1>Perso Interactive · React</h1>
        <button type="button" data-testid="start-button" disabled={running} onClick={() => setRunning(true)}>
          Start
        </button>
        <button type="button" data-testid="stop-button" disabled={!running} onClick={() => setRunning(false)}>
          Stop
        </button>
        <button type="button" data-testid="new-session-button" disabled={!running} onClick={() => setSessionKey((key) => key + 1)}>
          New session
        </button>
        <label>
          Weather in{' '}
          <select data-testid="unit-select" value={unit} onChange={(event) => setUnit(event.target.value as TemperatureUnit)}>
            <option value="celsius">°C</option>
            <option value="fahrenheit">°F</option>
          </select>
        </label>
      </header>
      {running ? (
        <PersoSessionProvider
          sessionKey={sessionKey}
          getSessionId={requestSessionId}
          apiServer={location.origin}
          width={640}
          height={360}
          clientTools={[weatherTool]}
        >
          <Conversation toolCalls={toolCalls} />
        </PersoSessionProvider>
      ) : (
        <p className="placeholder" data-testid="no-session">
          No session. Press Start to talk to the avatar.
        </p>
      )}
    </main>
  );
}
