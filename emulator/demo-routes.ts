/**
 * The demo app's server side, as an app's own server would do it: create a
 * session and list settings with the emulator's API key, so the key never
 * reaches the page. `POST /api/session` takes optional session params (the
 * catalog's first model style, prompt, LLM, TTS and STT by default, with
 * STF_WEBRTC) and answers `{sessionId}`; `GET /api/settings` answers the
 * `getAllSettings` shape.
 */
import type { AllSettings } from '../src/api/types.js';
import { CatalogView } from './catalog.js';
import type { EmulatorContext } from './context.js';
import { isRecord, readJson } from './http/body.js';
import type { EmulatorServerHooks } from './http/server.js';
import { invalid, sendJson } from './http/respond.js';
import { resolveSessionParams } from './sessions/resolve-params.js';

export function registerDemoRoutes(server: EmulatorServerHooks, emulator: EmulatorContext): void {
  server.registerRoute({
    method: 'POST',
    path: '/api/session',
    handler: async ({ req, res, baseUrl }) => {
      const body = await readJson(req, emulator.limits.jsonBodyBytes);
      if (!isRecord(body)) throw invalid(null, 'The JSON body must be an object of session params');
      const catalog = new CatalogView(baseUrl);
      const params = {
        model_style: catalog.modelStyles('webrtc')[0]!.name,
        prompt: catalog.prompts()[0]!.prompt_id,
        llm_type: catalog.llmTypes()[0]!.name,
        tts_type: catalog.ttsTypes()[0]!.name,
        stt_type: catalog.sttTypes()[0]!.name,
        using_stf_webrtc: true,
        ...body,
      };
      // Without a `capability`, resolveSessionParams derives it from the params as the SDK's createSessionId does.
      const record = emulator.store.create(resolveSessionParams(params, catalog));
      sendJson(res, 201, { sessionId: record.id });
    },
  });

  server.registerRoute({
    method: 'GET',
    path: '/api/settings',
    handler: ({ res, baseUrl }) => {
      const catalog = new CatalogView(baseUrl);
      const settings: AllSettings = {
        llms: catalog.llmTypes(),
        ttsTypes: catalog.ttsTypes(),
        sttTypes: catalog.sttTypes(),
        modelStyles: catalog.modelStyles('webrtc'),
        backgroundImages: catalog.backgroundImages(),
        prompts: catalog.prompts(),
        documents: catalog.documents(),
        mcpServers: catalog.mcpServers(),
        textNormalizations: catalog.textNormalizations(),
      };
      sendJson(res, 200, settings);
    },
  });
}
