/**
 * Fake weather for the example client tool: the same place always gets the
 * same weather, so a test (or a person trying it twice) sees a stable answer.
 */
export interface Weather {
  location: string;
  temperatureC: number;
  condition: string;
  humidityPercent: number;
  windKph: number;
}

const CONDITIONS = ['Sunny', 'Partly cloudy', 'Cloudy', 'Light rain', 'Showers', 'Windy', 'Foggy', 'Snow'];

export function fakeWeather(location: string): Weather {
  const name = location.trim();
  const seed = hash(name.toLowerCase());
  return {
    location: name,
    temperatureC: (seed % 36) - 5,
    condition: CONDITIONS[(seed >>> 8) % CONDITIONS.length] ?? 'Sunny',
    humidityPercent: 30 + ((seed >>> 12) % 61),
    windKph: (seed >>> 20) % 41,
  };
}

/** FNV-1a, 32 bits. */
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (const char of text) {
    value ^= char.codePointAt(0) ?? 0;
    value = Math.imul(value, 0x01000193) >>> 0;
  }
  return value;
}
