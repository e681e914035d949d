/**
 * The demo page: wires the SDK global (`PersoInteractive`, from the IIFE
 * build) to the page's controls. Bundled on its own as dist/demo/app.iife.js.
 */
import type { ConnectionState, PersoSdk, Session } from './sdk.js';
import { loadSdk } from './sdk.js';
import { AvatarVideo } from './avatar-video.js';
import { ChatLogView } from './chat-log.js';
import { ChatStateBadges } from './chat-state-badges.js';
import { ConnectionIndicator } from './connection-indicator.js';
import { ConnectionQualityView } from './connection-quality.js';
import { byId } from './dom.js';
import { ErrorBanner } from './error-banner.js';
import { InspectorLink } from './inspector-link.js';
import { HandsFreeSwitch } from './hands-free.js';
import { MicrophoneButton } from './microphone.js';
import { fetchSettings, requestSessionId } from './server-api.js';
import { SettingsForm } from './settings-form.js';
import { ToolActivityView } from './tool-activity.js';
import { TurnLatencyView } from './turn-latency.js';
import { createWeatherTool } from './weather-tool.js';

/** The avatar's rendered size; small enough for a laptop's encoder, sharp in the frame. */
const AVATAR_WIDTH = 640;
const AVATAR_HEIGHT = 360;

type Phase = 'idle' | 'starting' | 'running';

class DemoApp {
  private readonly startButton = byId('start-button', HTMLButtonElement);
  private readonly stopButton = byId('stop-button', HTMLButtonElement);
  private readonly interruptButton = byId('interrupt-button', HTMLButtonElement);
  private readonly chatForm = byId('chat-form', HTMLFormElement);
  private readonly chatInput = byId('chat-input', HTMLInputElement);
  private readonly chatSend = byId('chat-send', HTMLButtonElement);
  private readonly sayForm = byId('say-form', HTMLFormElement);
  private readonly sayInput = byId('say-input', HTMLInputElement);
  private readonly sayButton = byId('say-button', HTMLButtonElement);
  private readonly sessionLabel = byId('session-id', HTMLParagraphElement);

  private readonly settings = new SettingsForm();
  private readonly video: AvatarVideo;
  private readonly chatLog = new ChatLogView();
  private readonly badges: ChatStateBadges;
  private readonly connection = new ConnectionIndicator();
  private readonly quality = new ConnectionQualityView();
  private readonly tools = new ToolActivityView();
  private readonly latency = new TurnLatencyView();
  private readonly microphone: MicrophoneButton;
  private readonly handsFree: HandsFreeSwitch;
  private readonly inspector: InspectorLink;

  private phase: Phase = 'idle';
  private session: Session | null = null;
  private connectionState: ConnectionState | 'idle' = 'idle';
  private cleanups: Array<() => void> = [];

  constructor(
    private readonly sdk: PersoSdk,
    private readonly errors: ErrorBanner,
  ) {
    this.video = new AvatarVideo(errors);
    this.badges = new ChatStateBadges(sdk);
    this.microphone = new MicrophoneButton({ errors, onTranscript: (text) => this.send(text) });
    this.handsFree = new HandsFreeSwitch(errors);
    this.inspector = new InspectorLink(errors);

    this.startButton.addEventListener('click', () => void this.start());
    this.stopButton.addEventListener('click', () => this.stop());
    this.interruptButton.addEventListener('click', () => this.attempt('Could not interrupt the avatar', (session) => session.clearBuffer()));
    this.chatForm.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = this.chatInput.value.trim();
      if (text === '') return;
      this.chatInput.value = '';
      this.send(text);
    });
    this.sayForm.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = this.sayInput.value.trim();
      if (text === '') return;
      this.sayInput.value = '';
      this.say(text);
    });
    this.render();
  }

  async loadSettings(): Promise<void> {
    this.settings.showLoading();
    try {
      this.settings.fill(await fetchSettings());
    } catch (error) {
      this.errors.show('Could not load the session settings (reload the page to try again)', error);
    }
    this.render();
  }

  private async start(): Promise<void> {
    if (this.phase !== 'idle' || !this.settings.isComplete()) return;
    this.errors.dismiss();
    this.phase = 'starting';
    this.connectionState = 'connecting';
    this.chatLog.clear();
    this.tools.clear();
    this.latency.clear();
    this.video.showMessage('Connecting to the avatar…');
    this.showSessionLabel('Starting a session…', '');
    this.render();
    let session: Session;
    try {
      const sessionId = await requestSessionId(this.settings.read());
      session = await this.sdk.createSession({
        sessionId,
        width: AVATAR_WIDTH,
        height: AVATAR_HEIGHT,
        clientTools: [createWeatherTool(this.sdk)],
        apiServer: location.origin,
      });
    } catch (error) {
      this.phase = 'idle';
      this.connectionState = 'idle';
      this.video.detach();
      this.showSessionLabel('No session', '');
      this.render();
      this.errors.show('Could not start the session', error);
      return;
    }
    this.run(session);
  }

  private run(session: Session): void {
    this.session = session;
    this.phase = 'running';
    session.setErrorHandler((error) => {
      if (!isAbort(error)) this.errors.show('The session reported an error', error);
    });
    session.onClose((manualClosed) => this.closed(session, manualClosed));
    this.cleanups = [
      toCleanup(session.subscribeChatLog((log) => this.chatLog.render(log))),
      toCleanup(session.subscribeChatStates((states) => this.badges.render(states))),
      toCleanup(
        session.subscribeConnectionState((state) => {
          this.connectionState = state;
          this.render();
        }),
      ),
      this.quality.attach(session),
      this.tools.attach(session),
      this.latency.attach(session),
    ];
    this.connectionState = session.getConnectionState();
    this.showSessionLabel(`Session ${session.getSessionId()}`, session.getSessionId());
    this.microphone.attach(session);
    this.handsFree.attach(session);
    this.inspector.attach(session);
    this.video.attach(session);
    this.render();
  }

  private stop(): void {
    const session = this.session;
    if (!session) return;
    try {
      session.stopSession();
    } catch (error) {
      this.errors.show('Could not stop the session cleanly', error);
    }
    this.closed(session, true);
  }

  /** Tidies up once, whether the person stopped the session or it ended by itself. */
  private closed(session: Session, manualClosed: boolean): void {
    if (this.session !== session) return;
    for (const cleanup of this.cleanups) cleanup();
    this.cleanups = [];
    this.session = null;
    this.phase = 'idle';
    this.connectionState = 'closed';
    this.microphone.attach(null);
    this.handsFree.attach(null);
    this.inspector.attach(null);
    this.badges.clear();
    this.quality.clear();
    this.video.detach();
    this.showSessionLabel(`Session ${session.getSessionId()} · ended`, session.getSessionId());
    this.render();
    if (!manualClosed) this.errors.show('The connection to the avatar was lost and the session ended. Press Start to begin a new one.');
  }

  private send(text: string): void {
    this.attempt('The avatar could not answer', (session) => session.processChat(text));
  }

  private say(text: string): void {
    this.attempt('The avatar could not say that', (session) => session.processTTSTF(text));
  }

  /** Runs a session call and reports its failure, thrown or rejected, in words. */
  private attempt(context: string, call: (session: Session) => unknown): void {
    const session = this.session;
    if (!session) return;
    const report = (error: unknown): void => {
      // A call cut short because the session ended is not news to the person.
      if (!isAbort(error) && this.session === session) this.errors.show(context, error);
    };
    try {
      Promise.resolve(call(session)).catch(report);
    } catch (error) {
      report(error);
    }
  }

  private render(): void {
    const connected = this.phase === 'running' && this.connectionState === 'connected';
    this.connection.show(this.connectionState);
    this.startButton.disabled = this.phase !== 'idle' || !this.settings.isComplete();
    this.startButton.textContent = this.phase === 'starting' ? 'Starting…' : 'Start';
    this.stopButton.disabled = this.phase !== 'running';
    this.settings.setEnabled(this.phase === 'idle');
    for (const control of [this.interruptButton, this.chatInput, this.chatSend, this.sayInput, this.sayButton]) {
      control.disabled = !connected;
    }
  }

  private showSessionLabel(text: string, sessionId: string): void {
    this.sessionLabel.textContent = text;
    this.sessionLabel.dataset.sessionId = sessionId;
  }
}

function toCleanup(unsubscribe: unknown): () => void {
  return typeof unsubscribe === 'function' ? () => void unsubscribe() : () => undefined;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}


const errors = new ErrorBanner();
const sdk = loadSdk();
if (sdk) {
  void new DemoApp(sdk, errors).loadSettings();
} else {
  errors.show('The Perso Interactive SDK did not load: the page expects the IIFE build at /sdk/perso-interactive.iife.js.');
}
