/** The settings pickers: filled from GET /api/settings, read into session params. */
import type { DemoSessionParams } from './server-api.js';
import type { AllSettings } from './sdk.js';
import { byId } from './dom.js';

interface Choice {
  value: string;
  label: string;
}

const NONE = '';

export class SettingsForm {
  private readonly modelStyle = byId('setting-model-style', HTMLSelectElement);
  private readonly prompt = byId('setting-prompt', HTMLSelectElement);
  private readonly background = byId('setting-background', HTMLSelectElement);
  private readonly llm = byId('setting-llm', HTMLSelectElement);
  private readonly tts = byId('setting-tts', HTMLSelectElement);
  private readonly stt = byId('setting-stt', HTMLSelectElement);
  private loaded = false;

  /** Shows "Loading…" in every picker until the settings arrive. */
  showLoading(): void {
    for (const select of this.selects()) fill(select, [{ value: NONE, label: 'Loading…' }]);
  }

  fill(settings: AllSettings): void {
    fill(this.modelStyle, settings.modelStyles.map((s) => ({ value: s.name, label: s.model && s.style ? `${s.model} — ${s.style}` : s.name })));
    fill(this.prompt, settings.prompts.map((p) => ({ value: p.prompt_id, label: p.name })));
    fill(this.background, [
      { value: NONE, label: 'None' },
      ...settings.backgroundImages.map((b) => ({ value: b.backgroundimage_id, label: b.title })),
    ]);
    fill(this.llm, settings.llms.map((l) => ({ value: l.name, label: l.name })));
    fill(this.tts, settings.ttsTypes.map((t) => ({ value: t.name, label: t.name })));
    fill(this.stt, settings.sttTypes.map((s) => ({ value: s.name, label: s.name })));
    this.loaded = true;
  }

  /** Whether every required picker has a choice. */
  isComplete(): boolean {
    return this.loaded && this.modelStyle.value !== NONE && this.prompt.value !== NONE;
  }

  read(): DemoSessionParams {
    return {
      using_stf_webrtc: true,
      model_style: this.modelStyle.value,
      prompt: this.prompt.value,
      ...optional('llm_type', this.llm.value),
      ...optional('tts_type', this.tts.value),
      ...optional('stt_type', this.stt.value),
      ...optional('background_image', this.background.value),
    };
  }

  setEnabled(enabled: boolean): void {
    for (const select of this.selects()) select.disabled = !enabled || !this.loaded || select.options.length === 0;
  }

  private selects(): HTMLSelectElement[] {
    return [this.modelStyle, this.prompt, this.background, this.llm, this.tts, this.stt];
  }
}

function fill(select: HTMLSelectElement, choices: Choice[]): void {
  const options = choices.length > 0 ? choices : [{ value: NONE, label: 'None available' }];
  select.replaceChildren(...options.map((choice) => new Option(choice.label, choice.value)));
}

function optional<K extends string>(key: K, value: string): Partial<Record<K, string>> {
  return value === NONE ? {} : ({ [key]: value } as Record<K, string>);
}
