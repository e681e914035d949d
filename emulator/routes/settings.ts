/** The organisation-scoped list endpoints, session templates and the text-normalisation download. */
import { CatalogView, TEXT_NORMALIZATIONS, FOREIGN } from '../catalog.js';
import type { EmulatorContext } from '../context.js';
import type { EmulatorServerHooks } from '../http/server.js';
import { HttpError, notFound, sendJson } from '../http/respond.js';
import type { RequestContext } from '../http/router.js';
import { signedTextNormalizationUrl } from './assets.js';

export function registerSettingsRoutes(server: EmulatorServerHooks, emulator: EmulatorContext): void {
  const list = (path: string, answer: (catalog: CatalogView, request: RequestContext) => unknown) =>
    server.registerRoute({
      method: 'GET',
      path,
      auth: true,
      handler: (request) => sendJson(request.res, 200, answer(new CatalogView(request.baseUrl), request)),
    });

  list('/api/v1/settings/llm_type/', (catalog) => catalog.llmTypes());
  list('/api/v1/settings/tts_type/', (catalog) => catalog.ttsTypes());
  list('/api/v1/settings/stt_type/', (catalog) => catalog.sttTypes());
  list('/api/v1/settings/modelstyle/', (catalog, request) => catalog.modelStyles(request.query.get('platform_type')));
  list('/api/v1/background_image/', (catalog) => catalog.backgroundImages());
  list('/api/v1/prompt/', (catalog) => catalog.prompts());
  list('/api/v1/document/', (catalog) => catalog.documents());
  list('/api/v1/settings/mcp_type/', (catalog) => catalog.mcpServers());
  list('/api/v1/settings/text_normalization_config/', (catalog) => catalog.textNormalizations());
  list('/api/v1/session_template/', (catalog) => catalog.sessionTemplates());

  list('/api/v1/session_template/:id/', (catalog, request) => {
    const id = request.params.id!;
    const template = catalog.sessionTemplate(id);
    if (template) return template;
    if (id === FOREIGN.session_template) throw new HttpError(404, 'not_in_organization', `Session template "${id}" is not in your organization.`);
    throw notFound(`Session template "${id}" does not exist.`);
  });

  list('/api/v1/settings/text_normalization_config/:id/download/', (_catalog, request) => {
    const id = request.params.id!;
    const config = TEXT_NORMALIZATIONS.find((item) => item.textnormalizationconfig_id === id);
    if (!config) {
      if (id === FOREIGN.text_normalization_config) throw new HttpError(404, 'not_in_organization', `Text normalization config "${id}" is not in your organization.`);
      throw notFound(`Text normalization config "${id}" does not exist.`);
    }
    return {
      config_id: config.textnormalizationconfig_id,
      config_name: config.name,
      file_url: signedTextNormalizationUrl(request.baseUrl, config.textnormalizationconfig_id, emulator.urlSecret),
    };
  });
}
