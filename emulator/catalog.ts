/**
 * The emulator's organisation: every setting the list endpoints answer, and
 * one extra item of each kind that exists but is not in the organisation (so
 * `not_in_organization` can be exercised). URLs are built per request from
 * the address the client used.
 */
import type {
  BackgroundImage,
  Document,
  LLMType,
  MCPServer,
  ModelStyle,
  Prompt,
  SessionTemplate,
  STTType,
  TextNormalizationConfig,
  TTSType,
} from '../src/api/types.js';

const CREATED_AT = '2025-01-15T09:00:00Z';
const UPDATED_AT = '2025-02-01T12:30:00Z';

export const LLM_TYPES: readonly LLMType[] = [
  { name: 'perso-llm-standard', service: 'emulator' },
  { name: 'perso-llm-fast', service: 'emulator' },
];

/** A TTS type and the Flite voice that speaks it. */
export interface TtsVoice extends TTSType {
  fliteVoice: string;
}

const fliteVoice = (name: string, voice: string, style: string): TtsVoice => ({
  name,
  service: 'flite',
  model: 'flite-2.2',
  voice,
  style,
  streamable: false,
  voice_settings: { sample_rate: 16000 },
  voice_extra_data: null,
  fliteVoice: voice,
});

export const TTS_VOICES: readonly TtsVoice[] = [
  fliteVoice('flite-slt', 'slt', 'female, US English'),
  fliteVoice('flite-kal', 'kal16', 'male, US English'),
  fliteVoice('flite-awb', 'awb', 'male, Scottish English'),
  fliteVoice('flite-rms', 'rms', 'male, US English, deep'),
];

export const STT_TYPES: readonly STTType[] = [
  { name: 'pocketsphinx-en-us', service: 'pocketsphinx', options: { language: 'en-US', sample_rate: 16000 } },
];

/** What a model style looks like; the avatar renderer reads these configs. */
const look = (id: string, values: Record<string, string>) =>
  Object.entries(values).map(([key, value], index) => ({ modelstyleconfig_id: `${id}-cfg-${index + 1}`, key, value }));

const MODEL_STYLES: readonly ModelStyle[] = [
  {
    name: 'aria',
    model: 'aria',
    style: 'casual',
    model_file: null,
    model_files: [{ name: 'aria.avatar', file: null }],
    file: null,
    platform_type: 'webrtc',
    configs: look('aria', { skin: '#f1c7a8', hair: '#4a2c1d', hair_style: 'long', outfit: '#2f7dd1', background: '#dfe8f3' }),
  },
  {
    name: 'leo',
    model: 'leo',
    style: 'formal',
    model_file: null,
    model_files: [{ name: 'leo.avatar', file: null }],
    file: null,
    platform_type: 'webrtc',
    configs: look('leo', { skin: '#c58c62', hair: '#1d1d1d', hair_style: 'short', outfit: '#33363d', background: '#ece6da' }),
  },
  {
    name: 'aria-kiosk',
    model: 'aria',
    style: 'kiosk',
    model_file: null,
    model_files: [{ name: 'aria-kiosk.avatar', file: null }],
    file: null,
    platform_type: 'onpremise',
    configs: look('aria-kiosk', { skin: '#f1c7a8', hair: '#4a2c1d', hair_style: 'long', outfit: '#8a3ab9', background: '#ffffff' }),
  },
];

export interface BackgroundImageEntry {
  backgroundimage_id: string;
  title: string;
  top: string;
  bottom: string;
}

export const BACKGROUND_IMAGES: readonly BackgroundImageEntry[] = [
  { backgroundimage_id: 'bg-office', title: 'Office', top: '#dfe8f3', bottom: '#8fa9c7' },
  { backgroundimage_id: 'bg-sunset', title: 'Sunset', top: '#ffb36b', bottom: '#7b3f8f' },
];

export const PROMPTS: readonly Prompt[] = [
  {
    prompt_id: 'prompt-assistant',
    name: 'Friendly assistant',
    description: 'A helpful, concise general assistant.',
    system_prompt: 'You are a friendly, concise assistant speaking through a video avatar. Answer in one to three short sentences.',
    require_document: false,
    intro_message: "Hello! I'm your virtual assistant. How can I help you today?",
  },
  {
    prompt_id: 'prompt-concierge',
    name: 'Hotel concierge',
    description: 'Greets guests and answers questions about their stay.',
    system_prompt: 'You are the concierge of a small hotel. Be warm and brief.',
    require_document: false,
    intro_message: 'Welcome to the hotel! What can I do for you?',
  },
  {
    prompt_id: 'prompt-handbook',
    name: 'Handbook expert',
    description: 'Answers from the attached document only.',
    system_prompt: 'Answer questions using only the attached document.',
    require_document: true,
    intro_message: 'Ask me anything about the handbook.',
  },
];

export interface DocumentEntry extends Omit<Document, 'file'> {
  fileName: string;
  text: string;
}

export const DOCUMENTS: readonly DocumentEntry[] = [
  {
    document_id: 'doc-handbook',
    title: 'Emulator handbook',
    fileName: 'handbook.txt',
    description: 'A short text the handbook prompt answers from.',
    search_count: 0,
    processed: true,
    processed_v2: true,
    created_at: CREATED_AT,
    updated_at: UPDATED_AT,
    text: 'The Perso emulator runs the whole platform on your machine.\nIt speaks with Flite and listens with PocketSphinx.\n',
  },
];

export const MCP_SERVERS: readonly MCPServer[] = [
  {
    mcpserver_id: 'mcp-clock',
    name: 'World clock',
    url: 'http://127.0.0.1/mcp/clock',
    description: 'Tells the current time in any city (run by the emulator itself).',
    transport_protocol: 'streamable_http',
    server_timeout_sec: 30,
  },
];

export interface TextNormalizationEntry extends TextNormalizationConfig {
  csv: string;
}

export const TEXT_NORMALIZATIONS: readonly TextNormalizationEntry[] = [
  {
    textnormalizationconfig_id: 'tn-en-basic',
    name: 'English basics',
    created_at: CREATED_AT,
    csv: 'pattern,replacement\nDr.,Doctor\nSt.,Street\n&,and\n%,percent\nkm,kilometers\n',
  },
];

interface TemplateEntry {
  sessiontemplate_id: string;
  name: string;
  description: string;
  prompt: string;
  capability: string[];
  document: string | null;
  llm_type: string;
  tts_type: string;
  stt_type: string;
  model_style: string;
  background_image: string | null;
  mcp_servers: string[];
  text_normalization_config: string | null;
}

const SESSION_TEMPLATES: readonly TemplateEntry[] = [
  {
    sessiontemplate_id: 'tmpl-aria-webrtc',
    name: 'Aria, full conversation',
    description: 'Aria over WebRTC with LLM, TTS and STT.',
    prompt: 'prompt-assistant',
    capability: ['STF_WEBRTC', 'LLM', 'TTS', 'STT'],
    document: null,
    llm_type: 'perso-llm-standard',
    tts_type: 'flite-slt',
    stt_type: 'pocketsphinx-en-us',
    model_style: 'aria',
    background_image: 'bg-office',
    mcp_servers: ['mcp-clock'],
    text_normalization_config: 'tn-en-basic',
  },
  {
    sessiontemplate_id: 'tmpl-leo-webrtc',
    name: 'Leo, concierge',
    description: 'Leo over WebRTC with LLM and TTS.',
    prompt: 'prompt-concierge',
    capability: ['STF_WEBRTC', 'LLM', 'TTS'],
    document: null,
    llm_type: 'perso-llm-fast',
    tts_type: 'flite-kal',
    stt_type: 'pocketsphinx-en-us',
    model_style: 'leo',
    background_image: null,
    mcp_servers: [],
    text_normalization_config: null,
  },
  {
    sessiontemplate_id: 'tmpl-aria-kiosk',
    name: 'Aria, on-premise kiosk',
    description: 'An on-premise template (not usable by the web SDK).',
    prompt: 'prompt-assistant',
    capability: ['STF_ONPREMISE', 'LLM', 'TTS'],
    document: null,
    llm_type: 'perso-llm-standard',
    tts_type: 'flite-slt',
    stt_type: 'pocketsphinx-en-us',
    model_style: 'aria-kiosk',
    background_image: null,
    mcp_servers: [],
    text_normalization_config: null,
  },
];

/** Items that exist on the platform but belong to another organisation. */
export const FOREIGN = {
  model_style: 'nova',
  prompt: 'prompt-foreign',
  llm_type: 'perso-llm-enterprise',
  tts_type: 'flite-foreign',
  stt_type: 'whisper-foreign',
  document: 'doc-foreign',
  background_image: 'bg-foreign',
  mcp_server: 'mcp-foreign',
  text_normalization_config: 'tn-foreign',
  session_template: 'tmpl-foreign',
} as const;

export const CAPABILITY_DESCRIPTIONS: Readonly<Record<string, string>> = {
  STF_WEBRTC: 'Avatar video over WebRTC',
  STF_ONPREMISE: 'Avatar rendered on premise',
  LLM: 'Large language model',
  TTS: 'Text to speech',
  STT: 'Speech to text',
};

/** Paths (under the emulator) of the files the catalog links to. */
export const ASSET_PATHS = {
  backgroundImage: (id: string) => `/_emulator/assets/backgrounds/${encodeURIComponent(id)}.png`,
  document: (id: string) => `/_emulator/assets/documents/${encodeURIComponent(id)}`,
  textNormalizationCsv: (id: string) => `/_emulator/files/text-normalization/${encodeURIComponent(id)}.csv`,
};

/** The catalog as the API answers it, with URLs on `baseUrl`. */
export class CatalogView {
  constructor(private readonly baseUrl: string) {}

  llmTypes(): LLMType[] {
    return LLM_TYPES.map((item) => ({ ...item }));
  }

  ttsTypes(): TTSType[] {
    return TTS_VOICES.map(({ fliteVoice: _voice, ...item }) => ({ ...item }));
  }

  sttTypes(): STTType[] {
    return STT_TYPES.map((item) => ({ ...item }));
  }

  modelStyles(platformType?: string | null): ModelStyle[] {
    return MODEL_STYLES.filter((style) => !platformType || style.platform_type === platformType).map(cloneModelStyle);
  }

  backgroundImages(): BackgroundImage[] {
    return BACKGROUND_IMAGES.map((item) => this.backgroundImage(item.backgroundimage_id)!);
  }

  backgroundImage(id: string): BackgroundImage | undefined {
    const item = BACKGROUND_IMAGES.find((entry) => entry.backgroundimage_id === id);
    return item && {
      backgroundimage_id: item.backgroundimage_id,
      title: item.title,
      image: this.baseUrl + ASSET_PATHS.backgroundImage(item.backgroundimage_id),
      created_at: CREATED_AT,
    };
  }

  prompts(): Prompt[] {
    return PROMPTS.map((item) => ({ ...item }));
  }

  documents(): Document[] {
    return DOCUMENTS.map((item) => this.document(item.document_id)!);
  }

  document(id: string): Document | undefined {
    const item = DOCUMENTS.find((entry) => entry.document_id === id);
    if (!item) return undefined;
    const { fileName: _name, text: _text, ...rest } = item;
    return { ...rest, file: this.baseUrl + ASSET_PATHS.document(item.document_id) };
  }

  mcpServers(): MCPServer[] {
    return MCP_SERVERS.map((item) => ({ ...item }));
  }

  textNormalizations(): TextNormalizationConfig[] {
    return TEXT_NORMALIZATIONS.map(({ csv: _csv, ...item }) => ({ ...item }));
  }

  sessionTemplates(): SessionTemplate[] {
    return SESSION_TEMPLATES.map((entry) => this.sessionTemplate(entry.sessiontemplate_id)!);
  }

  sessionTemplate(id: string): SessionTemplate | undefined {
    const entry = SESSION_TEMPLATES.find((item) => item.sessiontemplate_id === id);
    if (!entry) return undefined;
    const normalization = this.textNormalizations().find((item) => item.textnormalizationconfig_id === entry.text_normalization_config) ?? null;
    return {
      sessiontemplate_id: entry.sessiontemplate_id,
      name: entry.name,
      description: entry.description,
      prompt: this.prompts().find((item) => item.prompt_id === entry.prompt)!,
      capability: entry.capability.map((name) => ({ name, description: CAPABILITY_DESCRIPTIONS[name] ?? null })),
      document: entry.document ? this.document(entry.document) ?? null : null,
      llm_type: this.llmTypes().find((item) => item.name === entry.llm_type)!,
      tts_type: this.ttsTypes().find((item) => item.name === entry.tts_type)!,
      stt_type: this.sttTypes().find((item) => item.name === entry.stt_type)!,
      text_normalization_config: normalization,
      text_normalization_locale: normalization ? 'en-US' : null,
      stt_text_normalization_config: null,
      stt_text_normalization_locale: null,
      model_style: MODEL_STYLES.map(cloneModelStyle).find((item) => item.name === entry.model_style)!,
      background_image: entry.background_image ? this.backgroundImage(entry.background_image) ?? null : null,
      agent: null,
      padding_left: 0,
      padding_top: 0,
      padding_height: 1,
      extra_data: {},
      mcp_servers: this.mcpServers().filter((item) => entry.mcp_servers.includes(item.mcpserver_id)),
      created_at: CREATED_AT,
      last_used_at: null,
    };
  }

  /** Every model style regardless of platform. */
  allModelStyles(): ModelStyle[] {
    return MODEL_STYLES.map(cloneModelStyle);
  }
}

function cloneModelStyle(style: ModelStyle): ModelStyle {
  return { ...style, model_files: style.model_files.map((file) => ({ ...file })), configs: style.configs.map((config) => ({ ...config })) };
}

export function voiceForTtsType(name: string | null | undefined): TtsVoice {
  return TTS_VOICES.find((voice) => voice.name === name) ?? TTS_VOICES[0]!;
}
