/**
 * Files the catalog links to: background images (generated PNGs), document
 * files, and text-normalisation CSVs behind short-lived signed URLs, like
 * the pre-signed storage URLs of the hosted platform.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { gradientPng } from '../assets/png.js';
import { ASSET_PATHS, BACKGROUND_IMAGES, DOCUMENTS, TEXT_NORMALIZATIONS } from '../catalog.js';
import type { EmulatorContext } from '../context.js';
import type { EmulatorServerHooks } from '../http/server.js';
import { HttpError, notFound, sendRaw } from '../http/respond.js';

/** How long a text-normalisation download URL stays valid. */
export const SIGNED_URL_TTL_SEC = 300;

export function signedTextNormalizationUrl(baseUrl: string, id: string, secret: Buffer, nowMs = Date.now()): string {
  const path = ASSET_PATHS.textNormalizationCsv(id);
  const expires = Math.floor(nowMs / 1000) + SIGNED_URL_TTL_SEC;
  return `${baseUrl}${path}?expires=${expires}&signature=${sign(path, expires, secret)}`;
}

export function registerAssetRoutes(server: EmulatorServerHooks, emulator: EmulatorContext): void {
  const images = new Map<string, Buffer>();

  server.registerRoute({
    method: 'GET',
    path: '/_emulator/assets/backgrounds/:file',
    handler: ({ res, params }) => {
      const id = params.file!.replace(/\.png$/, '');
      const entry = BACKGROUND_IMAGES.find((item) => item.backgroundimage_id === id);
      if (!entry || !params.file!.endsWith('.png')) throw notFound(`No background image "${params.file}"`);
      if (!images.has(id)) images.set(id, gradientPng(320, 180, entry.top, entry.bottom));
      sendRaw(res, 200, images.get(id)!, { 'Content-Type': 'image/png', 'Cache-Control': 'public, max-age=3600' });
    },
  });

  server.registerRoute({
    method: 'GET',
    path: '/_emulator/assets/documents/:id',
    handler: ({ res, params }) => {
      const entry = DOCUMENTS.find((item) => item.document_id === params.id);
      if (!entry) throw notFound(`No document "${params.id}"`);
      sendRaw(res, 200, entry.text, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Disposition': `inline; filename="${entry.fileName}"` });
    },
  });

  server.registerRoute({
    method: 'GET',
    path: '/_emulator/files/text-normalization/:file',
    handler: ({ res, params, query, path }) => {
      const id = params.file!.replace(/\.csv$/, '');
      const entry = TEXT_NORMALIZATIONS.find((item) => item.textnormalizationconfig_id === id);
      if (!entry || !params.file!.endsWith('.csv')) throw notFound(`No text normalization file "${params.file}"`);
      const expires = Number(query.get('expires'));
      const signature = query.get('signature') ?? '';
      if (!Number.isInteger(expires) || !verify(path, expires, signature, emulator.urlSecret)) {
        throw new HttpError(403, 'permission_denied', 'The download URL signature is invalid; ask /download/ for a new URL.');
      }
      if (expires * 1000 < Date.now()) throw new HttpError(403, 'permission_denied', 'The download URL has expired; ask /download/ for a new URL.');
      sendRaw(res, 200, entry.csv, { 'Content-Type': 'text/csv; charset=utf-8' });
    },
  });
}

function sign(path: string, expires: number, secret: Buffer): string {
  return createHmac('sha256', secret).update(`${path}\n${expires}`).digest('hex');
}

function verify(path: string, expires: number, signature: string, secret: Buffer): boolean {
  const expected = Buffer.from(sign(path, expires, secret), 'hex');
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
