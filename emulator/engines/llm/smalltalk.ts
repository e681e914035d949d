/** The scripted engine's canned answers to everyday questions. */
import { topicOf } from './words.js';

interface Intent {
  pattern: RegExp;
  answer(match: RegExpMatchArray, name: string, now: Date): string;
}

const OPERATORS: Record<string, (a: number, b: number) => number> = {
  '+': (a, b) => a + b,
  plus: (a, b) => a + b,
  '-': (a, b) => a - b,
  minus: (a, b) => a - b,
  '*': (a, b) => a * b,
  x: (a, b) => a * b,
  '×': (a, b) => a * b,
  times: (a, b) => a * b,
  '/': (a, b) => a / b,
  'divided by': (a, b) => a / b,
};

const INTENTS: readonly Intent[] = [
  {
    pattern: /\b(your name|who are you|what are you|introduce yourself)\b/i,
    answer: (_m, name) => `My name is ${name}. I'm a virtual assistant running on the Perso emulator.`,
  },
  {
    pattern: /\b(what time|the time|time is it)\b/i,
    answer: (_m, _n, now) => `It's ${now.toISOString().slice(11, 16)} UTC right now.`,
  },
  {
    pattern: /\b(what day|today's date|the date|what date|which day)\b/i,
    answer: (_m, _n, now) =>
      `Today is ${now.toLocaleDateString('en-US', { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' })}.`,
  },
  {
    pattern: /\b(what can you do|what do you do|how can you help|your capabilities|help me|what are you able)\b/i,
    answer: () =>
      'I can chat with you, answer simple questions, and call the tools your app gives me. Try asking me for the time, or about the weather if your app has a weather tool.',
  },
  {
    pattern: /(-?\d+(?:\.\d+)?)\s*(\+|-|\*|×|x|\/|plus|minus|times|divided by)\s*(-?\d+(?:\.\d+)?)/i,
    answer: (match) => {
      const a = Number(match[1]);
      const b = Number(match[3]);
      const result = OPERATORS[match[2]!.toLowerCase()]!(a, b);
      return Number.isFinite(result) ? `${a} ${match[2]} ${b} is ${Number(result.toFixed(6))}.` : `I can't divide ${a} by zero.`;
    },
  },
  {
    pattern: /\bhow are you\b/i,
    answer: () => "I'm doing great, thanks for asking! How can I help you?",
  },
  {
    pattern: /\b(thank you|thanks|thank u|thx|cheers)\b/i,
    answer: () => "You're welcome! Is there anything else I can help with?",
  },
  {
    pattern: /\b(bye|goodbye|good bye|see you|farewell)\b/i,
    answer: () => 'Goodbye! It was nice talking to you.',
  },
  {
    pattern: /^\W*(hi|hello|hey|hiya|howdy|greetings|good (?:morning|afternoon|evening))\b/i,
    answer: (_m, name) => `Hello! I'm ${name}. How can I help you today?`,
  },
];

/** The scripted answer to `message`. */
export function smalltalk(message: string, name: string, now: Date = new Date()): string {
  if (message.trim() === '') return "I didn't catch that. Could you say it again?";
  for (const intent of INTENTS) {
    const match = message.match(intent.pattern);
    if (match) return intent.answer(match, name, now);
  }
  const topic = topicOf(message);
  return topic
    ? `You asked about ${topic}. I'm a scripted assistant in the Perso emulator, so I can't look that up, but I'm happy to keep chatting.`
    : "I'm a scripted assistant in the Perso emulator. Ask me my name, the time, or what I can do.";
}
