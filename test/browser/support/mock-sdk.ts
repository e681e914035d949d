/**
 * A stand-in for the SDK's IIFE build and the demo server routes, for the
 * UI-only test: the demo page runs in Chromium with no emulator, its requests
 * answered by Playwright routes. The mock speaks the public API only.
 */
import { readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import type { Page } from 'playwright-core';
import { DIST } from './dist.js';

/** A secure-context origin that never reaches the network: every request is routed. */
export const MOCK_ORIGIN = 'http://localhost:1';

export const MOCK_SETTINGS = {
  llms: [{ name: 'scripted', service: 'emulator' }],
  ttsTypes: [{ name: 'flite-slt', service: 'flite' }],
  sttTypes: [{ name: 'pocketsphinx-en', service: 'pocketsphinx' }],
  modelStyles: [{ name: 'aria-casual', model: 'aria', style: 'casual', model_files: [], configs: [] }],
  backgroundImages: [{ backgroundimage_id: 'bg-studio', title: 'Studio', image: '', created_at: '2025-01-01T00:00:00Z' }],
  prompts: [{ prompt_id: 'prompt-helper', name: 'Helpful guide', system_prompt: 'Be helpful.' }],
  documents: [],
  mcpServers: [],
  textNormalizations: [],
};

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/** Serves dist/demo, the mock SDK and the two demo routes to `page`. */
export async function routeMockDemo(page: Page): Promise<void> {
  await page.route(`${MOCK_ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/api/settings') return route.fulfill({ json: MOCK_SETTINGS });
    if (url.pathname === '/api/session') return route.fulfill({ json: { sessionId: 'mock-session-1' } });
    if (url.pathname === '/sdk/perso-interactive.iife.js') {
      return route.fulfill({ body: MOCK_SDK_SCRIPT, contentType: 'text/javascript' });
    }
    const relative = normalize(url.pathname === '/' ? '/index.html' : url.pathname).replace(/^\/+/, '');
    try {
      const body = readFileSync(join(DIST, 'demo', relative));
      return route.fulfill({ body, contentType: TYPES[extname(relative)] ?? 'application/octet-stream' });
    } catch {
      return route.fulfill({ status: 404, body: 'not found' });
    }
  });
}

/**
 * The mock global: a session that connects at once, draws a moving canvas as
 * its video, echoes chat messages, calls client tools when asked about the
 * weather, and lights the chat states the way the real SDK does.
 */
const MOCK_SDK_SCRIPT = `
(() => {
  const ChatState = { RECORDING: 'RECORDING', LLM: 'LLM', ANALYZING: 'ANALYZING', SPEAKING: 'SPEAKING', TTS: 'TTS' };
  class ChatTool {
    constructor(name, description, parameters, call, executeOnly) {
      Object.assign(this, { name, description, parameters, call, executeOnly: Boolean(executeOnly) });
    }
  }
  function createSession(options) {
    const logListeners = new Set(), stateListeners = new Set(), connectionListeners = new Set(), closeListeners = new Set();
    let log = [], states = new Set(), connection = 'connected', speakingTimer;
    const canvas = document.createElement('canvas');
    canvas.width = options.width; canvas.height = options.height;
    const g = canvas.getContext('2d');
    let frame = 0;
    const draw = setInterval(() => {
      frame++;
      g.fillStyle = '#1d2433'; g.fillRect(0, 0, canvas.width, canvas.height);
      g.fillStyle = '#f0c27b'; g.beginPath(); g.arc(canvas.width / 2, canvas.height / 2, 90, 0, Math.PI * 2); g.fill();
      g.fillStyle = '#3a2a1a'; const open = states.has('SPEAKING') ? 8 + 10 * Math.abs(Math.sin(frame / 3)) : 3;
      g.fillRect(canvas.width / 2 - 25, canvas.height / 2 + 35, 50, open);
    }, 40);
    const stream = canvas.captureStream(25);
    const emitLog = () => logListeners.forEach((cb) => cb(log.slice()));
    const emitStates = () => stateListeners.forEach((cb) => cb(new Set(states)));
    const set = (name, on) => { on ? states.add(name) : states.delete(name); emitStates(); };
    const speak = (text) => {
      set('ANALYZING', true);
      setTimeout(() => { set('ANALYZING', false); set('SPEAKING', true);
        clearTimeout(speakingTimer); speakingTimer = setTimeout(() => set('SPEAKING', false), 1500 + text.length * 20); }, 300);
    };
    const eventListeners = {};
    let audioBlocked = false;
    const session = {
      on(name, cb) { (eventListeners[name] ??= new Set()).add(cb); return () => eventListeners[name].delete(cb); },
      setSrc(video) {
        this.video = video; video.srcObject = stream;
        video.play().catch((error) => {
          if (error.name !== 'NotAllowedError') return;
          audioBlocked = true; video.muted = true; video.play();
          (eventListeners['autoplay-blocked'] ?? []).forEach((cb) => cb({ error, mutedPlayback: true }));
        });
      },
      isAudioBlocked() { return audioBlocked; },
      async resumeAudio() {
        if (!audioBlocked) return;
        this.video.muted = false;
        try { await this.video.play(); audioBlocked = false; } catch (error) { this.video.muted = true; throw error; }
      },
      getConnectionQuality() { return null; },
      getTurnTimelines() { return []; },
      getListeningState() { return 'off'; },
      isListening() { return false; },
      async startListening() {},
      stopListening() {},
      getSessionId() { return options.sessionId; },
      getConnectionState() { return connection; },
      subscribeConnectionState(cb) { connectionListeners.add(cb); return () => connectionListeners.delete(cb); },
      subscribeChatLog(cb) { logListeners.add(cb); return () => logListeners.delete(cb); },
      subscribeChatStates(cb) { stateListeners.add(cb); return () => stateListeners.delete(cb); },
      setErrorHandler(cb) { this.errorHandler = cb; },
      onClose(cb) { closeListeners.add(cb); return () => closeListeners.delete(cb); },
      async processChat(message) {
        log = [{ text: message, isUser: true, timestamp: new Date() }, ...log]; emitLog();
        set('LLM', true);
        await new Promise((r) => setTimeout(r, 200));
        let answer = 'You said: ' + message;
        const match = /weather in ([A-Za-z ]+)/i.exec(message);
        const tool = options.clientTools.find((t) => t.name === 'get_weather');
        if (match && tool) {
          const args = { location: match[1].trim() };
          const tell = (name, detail) => (eventListeners[name] ?? []).forEach((cb) => cb(detail));
          const start = { callId: 'call-1', name: tool.name, arguments: args, at: performance.now() };
          tell('tool-start', start);
          const result = await tool.call(args);
          tell('tool-end', { ...start, durationMs: performance.now() - start.at, result });
          answer = 'In ' + result.location + ' it is ' + result.temperatureC + ' degrees and ' + result.condition.toLowerCase() + '.';
        }
        log = [{ text: answer, isUser: false, timestamp: new Date() }, ...log]; emitLog();
        set('LLM', false);
        speak(answer);
      },
      processTTSTF(message) { log = [{ text: message, isUser: false, timestamp: new Date() }, ...log]; emitLog(); speak(message); },
      async startProcessSTT() { set('RECORDING', true); },
      async stopProcessSTT() { set('RECORDING', false); return 'What is the weather in Paris'; },
      clearBuffer() { clearTimeout(speakingTimer); states.clear(); emitStates(); },
      stopSession() {
        clearInterval(draw); stream.getTracks().forEach((t) => t.stop());
        connection = 'closed'; connectionListeners.forEach((cb) => cb('closed'));
        closeListeners.forEach((cb) => cb(true));
      },
    };
    return Promise.resolve(session);
  }
  window.PersoInteractive = { ChatState, ChatTool, createSession };
})();
`;
