/** `perso-emulator`: starts the emulator, prints where it is and what runs it, logs each session step. */
import { resolve } from 'node:path';
import { DEFAULT_API_KEY, loadRulesFile, startEmulator, type Emulator } from './index.js';
import { parseCliArguments, USAGE, type CliArguments } from './cli-args.js';

async function main(): Promise<void> {
  let args: CliArguments;
  try {
    args = parseCliArguments(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`perso-emulator: ${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return;
  }
  const rules = args.llmRules ? await loadRulesFile(resolve(args.llmRules)) : [];
  const log = (line: string) => process.stdout.write(`[${new Date().toISOString().slice(11, 23)}] ${line}\n`);
  let emulator: Emulator;
  try {
    emulator = await startEmulator({
      port: args.port,
      host: args.host,
      ...(args.apiKey ? { apiKey: args.apiKey } : {}),
      llm: { rules, ...(args.llmPace !== undefined ? { pace: args.llmPace } : {}) },
      ...(args.staticDir ? { staticDir: resolve(args.staticDir) } : {}),
      corsOrigins: args.corsOrigins,
      allowedHosts: args.allowedHosts,
      log: args.quiet ? () => undefined : log,
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const hint = code === 'EADDRINUSE' ? ` (port ${args.port} is taken; try --port 0)` : '';
    process.stderr.write(`perso-emulator: could not start: ${(error as Error).message}${hint}\n`);
    process.exit(1);
  }
  process.stdout.write(banner(emulator, rules.length, args.llmRules, args.corsOrigins));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(130);
    stopping = true;
    log(`${signal}: shutting down`);
    void emulator.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

function banner(emulator: Emulator, ruleCount: number, rulesFile: string | undefined, corsOrigins: string[]): string {
  const { engines } = emulator;
  const keyNote = emulator.apiKey === DEFAULT_API_KEY ? ' (the default dev key)' : '';
  const rules = ruleCount > 0 ? `; ${ruleCount} rule${ruleCount === 1 ? '' : 's'} from ${rulesFile}` : '';
  return [
    `Perso emulator listening on ${emulator.url}`,
    `  API key   ${emulator.apiKey}${keyNote}, sent as PersoLive-APIKey`,
    `  LLM       ${engines.llm}${rules}`,
    `  TTS       ${engines.tts}`,
    `  STT       ${engines.stt}`,
    `  Demo      ${emulator.staticDir ? `${emulator.url}/ (${emulator.staticDir})` : 'not built (npm run build); GET / shows a landing page'}`,
    `  Inspector ${emulator.url}/inspector (live statecharts of sessions that call attachInspector)`,
    `  Control   ${emulator.url}/_emulator/health`,
    `  Browsers  ${corsOrigins.includes('*') ? 'ANY web page may call it (--cors-origin *)' : ['its own origin', ...corsOrigins].join(', ')}`,
    'Press Ctrl+C to stop.',
    '',
  ].join('\n');
}

void main();
