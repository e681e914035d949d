/** Parsing `perso-emulator` arguments, kept apart from start-up so it can be tested. */

export interface CliArguments {
  port: number;
  host: string;
  apiKey?: string;
  llmRules?: string;
  llmPace?: number;
  staticDir?: string;
  /** `--cors-origin`, repeatable. */
  corsOrigins: string[];
  /** `--allowed-host`, repeatable. */
  allowedHosts: string[];
  quiet: boolean;
  help: boolean;
}

export const USAGE = `Usage: perso-emulator [options]

An offline Perso Interactive platform: REST API, WebRTC avatar, TTS, STT and LLM.

Options:
  --port <n>          TCP port (default 8080; 0 picks a free one)
  --host <addr>       interface to listen on (default 127.0.0.1)
  --api-key <key>     API key to require (default perso-emulator-key)
  --llm-rules <file>  JSON file of LLM rules (a list, or {"rules": [...]})
  --llm-pace <ms>     delay between streamed LLM chunks (default 30)
  --static-dir <dir>  directory served at / (default: the built demo, dist/demo)
  --cors-origin <o>   also let web pages from origin <o> (e.g. http://localhost:5173) call it;
                      repeatable; '*' lets every web page drive it (not recommended)
  --allowed-host <h>  also accept Host name <h> (e.g. a LAN address); repeatable
  --quiet             no per-session log lines
  --help              show this help

Environment:
  PERSO_EMULATOR_LLM_URL, PERSO_EMULATOR_LLM_MODEL, PERSO_EMULATOR_LLM_KEY
      use an OpenAI-compatible /chat/completions upstream instead of the scripted LLM
  PERSO_EMULATOR_STT_URL, PERSO_EMULATOR_STT_MODEL, PERSO_EMULATOR_STT_KEY
      use an OpenAI-compatible /audio/transcriptions upstream instead of PocketSphinx
`;

export function parseCliArguments(argv: readonly string[]): CliArguments {
  const parsed: CliArguments = { port: 8080, host: '127.0.0.1', corsOrigins: [], allowedHosts: [], quiet: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const next = inline ?? argv[++i];
      if (next === undefined || next === '') throw new Error(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--port': {
        const port = Number(value());
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port must be an integer from 0 to 65535');
        parsed.port = port;
        break;
      }
      case '--host':
        parsed.host = value();
        break;
      case '--api-key':
        parsed.apiKey = value();
        break;
      case '--llm-rules':
        parsed.llmRules = value();
        break;
      case '--llm-pace': {
        const pace = Number(value());
        if (!Number.isFinite(pace) || pace < 0) throw new Error('--llm-pace must be a non-negative number of milliseconds');
        parsed.llmPace = pace;
        break;
      }
      case '--static-dir':
        parsed.staticDir = value();
        break;
      case '--cors-origin': {
        const origin = value();
        if (origin !== '*' && origin !== 'null' && !/^https?:\/\/[^/\s]+\/?$/i.test(origin)) {
          throw new Error(`--cors-origin takes an origin like http://localhost:5173 (scheme, host, optional port), 'null' or '*'; got ${origin}`);
        }
        parsed.corsOrigins.push(origin);
        break;
      }
      case '--allowed-host':
        parsed.allowedHosts.push(value());
        break;
      case '--quiet':
        parsed.quiet = true;
        break;
      case '--help':
      case '-h':
        parsed.help = true;
        break;
      default:
        throw new Error(`Unknown option ${arg}`);
    }
  }
  return parsed;
}
