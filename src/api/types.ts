/**
 * The shapes of PROTOCOL.md, as the Perso Interactive API sends and accepts
 * them. Field names keep the wire's snake_case so a value can be passed
 * between the SDK and the API (or logged) without translation.
 */

/** `string` that still offers the known values in editor completion. */
type KnownOr<T extends string> = T | (string & {});

// ---------------------------------------------------------------------------
// WebRTC values
// ---------------------------------------------------------------------------

/**
 * An ICE server, structurally identical to the DOM's `RTCIceServer`, declared
 * here so the server entry's types do not need the DOM library.
 */
export interface IceServer {
  /** One or more `stun:`/`turn:` URLs. */
  urls: string | string[];
  /** TURN user name. */
  username?: string;
  /** TURN credential. */
  credential?: string;
}

/** An SDP offer or answer, structurally identical to the DOM's `RTCSessionDescriptionInit`. */
export interface SessionDescription {
  /** `offer` from the client, `answer` from the server. */
  type: 'offer' | 'answer' | 'pranswer' | 'rollback';
  /** The SDP text. */
  sdp?: string;
}

// ---------------------------------------------------------------------------
// Organisation settings (API key)
// ---------------------------------------------------------------------------

/** An LLM the organisation may use. */
export interface LLMType {
  /** The name to pass as `llm_type` when creating a session. */
  name: string;
  /** The provider behind it. */
  service?: string;
}

/** A text-to-speech voice the organisation may use. */
export interface TTSType {
  /** The name to pass as `tts_type` when creating a session. */
  name: string;
  /** The provider behind it. */
  service: string;
  /** Provider model name. */
  model?: string | null;
  /** Provider voice name. */
  voice?: string | null;
  /** Provider voice style. */
  style?: string | null;
  /** Whether the voice can be streamed. */
  streamable?: boolean;
  /** Provider-specific voice settings. */
  voice_settings?: Record<string, unknown> | null;
  /** Provider-specific extra data. */
  voice_extra_data?: Record<string, unknown> | null;
}

/** A speech-to-text engine the organisation may use. */
export interface STTType {
  /** The name to pass as `stt_type` when creating a session. */
  name: string;
  /** The provider behind it. */
  service: string;
  /** Provider-specific options. */
  options?: Record<string, unknown> | null;
}

/** One file of an avatar model. */
export interface ModelStyleFile {
  name: string;
  /** URL of the file. */
  file?: string | null;
}

/** One key/value setting of an avatar model style. */
export interface ModelStyleConfig {
  modelstyleconfig_id: string;
  key: string;
  value: string;
}

/** An avatar (model + style). */
export interface ModelStyle {
  /** The name to pass as `model_style` when creating a session. */
  name: string;
  /** Avatar model. */
  model: string;
  /** Avatar style (outfit, pose…). */
  style: string;
  /** URL of the main model file. */
  model_file?: string | null;
  /** Every file of the model. */
  model_files: ModelStyleFile[];
  /** URL of a preview file. */
  file?: string | null;
  /** Rendering platform; the SDK only creates sessions for `webrtc`. */
  platform_type?: KnownOr<'webrtc'>;
  /** Style settings. */
  configs: ModelStyleConfig[];
}

/** A background image the avatar can be rendered over. */
export interface BackgroundImage {
  /** The id to pass as `background_image` when creating a session. */
  backgroundimage_id: string;
  title: string;
  /** URL of the image. */
  image: string;
  /** ISO 8601 timestamp. */
  created_at: string;
}

/** A system prompt (persona) for the LLM. */
export interface Prompt {
  /** The id to pass as `prompt` when creating a session. */
  prompt_id: string;
  name: string;
  description?: string | null;
  /** The system prompt text. */
  system_prompt: string;
  /** Whether a session with this prompt needs a document. */
  require_document?: boolean;
  /** What the avatar says first; see `getIntroMessage`. */
  intro_message?: string | null;
}

/** A document the LLM can search (retrieval-augmented generation). */
export interface Document {
  /** The id to pass as `document` when creating a session. */
  document_id: string;
  title: string;
  /** URL of the uploaded file. */
  file: string;
  description?: string | null;
  search_count?: number;
  /** Whether indexing finished. */
  processed: boolean;
  /** Whether indexing with the second-generation indexer finished. */
  processed_v2: boolean;
  /** ISO 8601 timestamp. */
  created_at: string;
  /** ISO 8601 timestamp. */
  updated_at: string;
}

/** An MCP server whose tools the LLM may call (run by the platform, not the client). */
export interface MCPServer {
  /** The id to list in `mcp_servers` when creating a session. */
  mcpserver_id: string;
  name: string;
  url: string;
  description?: string | null;
  transport_protocol?: string | null;
  server_timeout_sec?: number | null;
}

/** A text-normalisation ruleset (e.g. how numbers are spelled out before TTS). */
export interface TextNormalizationConfig {
  /** The id to pass as `text_normalization_config` / `stt_text_normalization_config`. */
  textnormalizationconfig_id: string;
  name: string;
  /** ISO 8601 timestamp. */
  created_at: string;
}

/** Where to download a text-normalisation ruleset. */
export interface TextNormalizationDownload {
  config_id: string;
  config_name: string;
  /** A short-lived (pre-signed) URL to the CSV ruleset. */
  file_url: string;
}

/** Capability names a session or template can have. */
export type CapabilityName = KnownOr<'STF_WEBRTC' | 'STF_ONPREMISE' | 'LLM' | 'TTS' | 'STT'>;

/** A capability as the API lists it. */
export interface Capability {
  name: CapabilityName;
  description?: string | null;
}

/** A saved session configuration. */
export interface SessionTemplate {
  /** The id to pass as `sessionTemplateId`. */
  sessiontemplate_id: string;
  name: string;
  description: string | null;
  prompt: Prompt;
  capability: Capability[];
  document: Document | null;
  /** The LLM, as an object or its name. Used only when `capability` has `LLM`. */
  llm_type: LLMType | string | null;
  /** The TTS voice, as an object or its name. Used only when `capability` has `TTS`. */
  tts_type: TTSType | string | null;
  /** The STT engine, as an object or its name. Used only when `capability` has `STT`. */
  stt_type: STTType | string | null;
  /** TTS text normalisation, as an object or its id. */
  text_normalization_config?: TextNormalizationConfig | string | null;
  text_normalization_locale?: string | null;
  /** STT text normalisation, as an object or its id. */
  stt_text_normalization_config?: TextNormalizationConfig | string | null;
  stt_text_normalization_locale?: string | null;
  model_style: ModelStyle;
  background_image: BackgroundImage | null;
  agent: unknown;
  padding_left: number | null;
  padding_top: number | null;
  padding_height: number | null;
  extra_data: unknown;
  mcp_servers?: MCPServer[];
  /** ISO 8601 timestamp. */
  created_at: string;
  /** ISO 8601 timestamp. */
  last_used_at: string | null;
}

/** Every list `getAllSettings` fetches, in one object. */
export interface AllSettings {
  llms: LLMType[];
  ttsTypes: TTSType[];
  sttTypes: STTType[];
  modelStyles: ModelStyle[];
  backgroundImages: BackgroundImage[];
  prompts: Prompt[];
  documents: Document[];
  mcpServers: MCPServer[];
  /** `[]` when the text-normalisation list could not be fetched. */
  textNormalizations: TextNormalizationConfig[];
}

// ---------------------------------------------------------------------------
// Sessions
// ---------------------------------------------------------------------------

/** What `POST /api/v1/session/` needs; `capability` is derived by the SDK. */
export interface CreateSessionParams {
  /** Render an avatar over WebRTC (adds the `STF_WEBRTC` capability). */
  using_stf_webrtc: boolean;
  /** `ModelStyle.name`. */
  model_style: string;
  /** `Prompt.prompt_id`. */
  prompt: string;
  /** `LLMType.name`; adds the `LLM` capability. */
  llm_type?: string;
  /** `TTSType.name`; adds the `TTS` capability. */
  tts_type?: string;
  /** `STTType.name`; adds the `STT` capability. */
  stt_type?: string;
  /** `Document.document_id`. */
  document?: string;
  /** `BackgroundImage.backgroundimage_id`. */
  background_image?: string;
  /** `MCPServer.mcpserver_id` values. */
  mcp_servers?: string[];
  /** Avatar placement in the frame. */
  padding_left?: number;
  padding_top?: number;
  padding_height?: number;
  /** `TextNormalizationConfig.textnormalizationconfig_id` applied before TTS. */
  text_normalization_config?: string;
  text_normalization_locale?: string;
  /** `TextNormalizationConfig.textnormalizationconfig_id` applied to STT output. */
  stt_text_normalization_config?: string;
  stt_text_normalization_locale?: string;
}

/** The body the SDK POSTs to create a session. */
export interface CreateSessionBody extends CreateSessionParams {
  capability: CapabilityName[];
}

/** Lifecycle of a session. */
export type SessionStatus = 'CREATED' | 'EXCHANGED' | 'IN_PROGRESS' | 'TERMINATED';

/** Why a session was terminated. */
export type TerminationReason =
  | 'GRACEFUL_TERMINATION'
  | 'SESSION_EXPIRED_BEFORE_CONNECTION'
  | 'SESSION_LOST_AFTER_CONNECTION'
  | 'SESSION_MISC_ERROR'
  | 'MAX_ACTIVE_SESSION_QUOTA_EXCEEDED'
  | 'MAX_MIN_PER_SESSION_QUOTA_EXCEEDED'
  | 'TOTAL_MIN_PER_MONTH_QUOTA_EXCEEDED';

/** Events a client reports with `POST /api/v1/session/{id}/event/create/`. */
export type SessionEventType =
  | 'SESSION_START'
  | 'SESSION_DURING'
  | 'SESSION_LOG'
  | 'SESSION_END'
  | 'SESSION_ERROR'
  | 'SESSION_TTS'
  | 'SESSION_STT'
  | 'SESSION_LLM';

/**
 * A session's metadata. Only `session_id` and `capability` are checked by the
 * SDK; the nested settings may arrive as objects or as their ids/names.
 */
export interface SessionInfo {
  session_id: string;
  status: SessionStatus;
  /** Set once `status` is `TERMINATED`. */
  termination_reason?: TerminationReason | null;
  capability: Capability[];
  prompt?: Prompt | string | null;
  document?: Document | string | null;
  llm_type?: LLMType | string | null;
  model_style?: ModelStyle | string | null;
  tts_type?: TTSType | string | null;
  stt_type?: STTType | string | null;
  ice_servers?: IceServer[] | null;
  /** Seconds the session has run. */
  duration_sec?: number | null;
  /** ISO 8601 timestamp. */
  created_at?: string;
  padding_left?: number | null;
  padding_top?: number | null;
  padding_height?: number | null;
  background_image?: BackgroundImage | string | null;
  extra_data?: unknown;
}

/** The answer to session creation: at least the new id, usually the whole session info. */
export type CreateSessionResponse = { session_id: string } & Partial<Omit<SessionInfo, 'session_id'>>;

/** What `makeTTS` synthesises. */
export interface TTSRequest {
  /** The text to speak. */
  text: string;
  /** BCP 47-ish locale, e.g. `en-US`; the voice's default when omitted. */
  locale?: string;
  /** Audio format requested from the server, e.g. `wav` or `mp3`. */
  output_format?: string;
}

/** The answer to `makeTTS`. */
export interface TTSResponse {
  /** Base64 of WAV or MP3 bytes. */
  audio: string;
}

/** The answer to speech-to-text (the SDK exposes `text` only). */
export interface STTResponse {
  /** The transcript. */
  text: string;
}

/** The body of `POST /api/v1/session/{id}/llm/v2/`. */
export interface LLMStreamRequest {
  /** The whole conversation so far, OpenAI-style. */
  messages: unknown[];
  /** Client tools, `[{type: "function", function: {name, description, parameters}}]`. */
  tools: unknown[];
}
