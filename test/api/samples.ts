/** Protocol-shaped answers the fixture server hands out. */
import type {
  BackgroundImage,
  Document,
  LLMType,
  MCPServer,
  ModelStyle,
  Prompt,
  SessionInfo,
  SessionTemplate,
  STTType,
  TextNormalizationConfig,
  TTSType,
} from '../../src/api/types.js';

export const API_KEY = 'test-key-123';

export const llm: LLMType = { name: 'gpt-test', service: 'openai' };
export const tts: TTSType = { name: 'voice-a', service: 'flite', streamable: false };
export const stt: STTType = { name: 'sphinx', service: 'pocketsphinx' };
export const modelStyle: ModelStyle = {
  name: 'alice-casual',
  model: 'alice',
  style: 'casual',
  model_files: [{ name: 'alice.bin', file: null }],
  platform_type: 'webrtc',
  configs: [{ modelstyleconfig_id: 'c1', key: 'k', value: 'v' }],
};
export const backgroundImage: BackgroundImage = {
  backgroundimage_id: 'bg-1',
  title: 'Office',
  image: 'https://example.test/bg.png',
  created_at: '2024-01-01T00:00:00Z',
};
export const prompt: Prompt = {
  prompt_id: 'prompt-1',
  name: 'Concierge',
  system_prompt: 'You are helpful.',
  intro_message: 'Hello, how can I help?',
};
export const promptWithoutIntro: Prompt = { prompt_id: 'prompt-2', name: 'Quiet', system_prompt: 'Be brief.' };
export const document: Document = {
  document_id: 'doc-1',
  title: 'FAQ',
  file: 'https://example.test/faq.pdf',
  processed: true,
  processed_v2: true,
  created_at: '2024-01-01T00:00:00Z',
  updated_at: '2024-01-02T00:00:00Z',
};
export const mcpServer: MCPServer = { mcpserver_id: 'mcp-1', name: 'Weather', url: 'https://mcp.example.test' };
export const textNormalization: TextNormalizationConfig = {
  textnormalizationconfig_id: 'tn-1',
  name: 'Numbers',
  created_at: '2024-01-01T00:00:00Z',
};

export const template: SessionTemplate = {
  sessiontemplate_id: 'tmpl-1',
  name: 'Full',
  description: null,
  prompt,
  capability: [{ name: 'STF_WEBRTC' }, { name: 'LLM' }, { name: 'TTS' }],
  document,
  llm_type: llm,
  tts_type: 'voice-a',
  stt_type: stt,
  text_normalization_config: textNormalization,
  text_normalization_locale: 'en',
  stt_text_normalization_config: 'tn-2',
  stt_text_normalization_locale: 'ko',
  model_style: modelStyle,
  background_image: backgroundImage,
  agent: null,
  padding_left: 0.1,
  padding_top: 0,
  padding_height: 1.2,
  extra_data: {},
  mcp_servers: [mcpServer, { ...mcpServer, mcpserver_id: 'mcp-2' }],
  created_at: '2024-01-01T00:00:00Z',
  last_used_at: null,
};

export const sessionInfo: SessionInfo = {
  session_id: 'sess-1',
  status: 'CREATED',
  capability: [{ name: 'STF_WEBRTC', description: 'avatar' }],
  duration_sec: 0,
};
