/** Made-up weather: stable per city, so a question asked twice gets the same answer. */
export type TemperatureUnit = 'celsius' | 'fahrenheit';

export interface WeatherReport {
  location: string;
  temperature: number;
  unit: TemperatureUnit;
  condition: string;
}

const CONDITIONS = ['sunny', 'cloudy', 'rainy', 'windy', 'foggy', 'snowy'];

export function weatherReport(location: string, unit: TemperatureUnit): WeatherReport {
  const seed = [...location.toLowerCase()].reduce((sum, char) => (sum * 31 + char.charCodeAt(0)) % 9973, 7);
  const celsius = (seed % 35) - 5;
  return {
    location,
    temperature: unit === 'celsius' ? celsius : Math.round(celsius * 1.8 + 32),
    unit,
    condition: CONDITIONS[seed % CONDITIONS.length]!,
  };
}
