import { describe, expect, it } from 'vitest';
import { ORGANISATION_ENDPOINTS } from '../../src/api/organisation-endpoints.js';
import { PersoUtilServer } from '../../src/api/perso-util-server.js';
import { SESSION_ENDPOINTS } from '../../src/api/session-endpoints.js';

const tables = { organisation: ORGANISATION_ENDPOINTS, session: SESSION_ENDPOINTS };

describe('the endpoint tables', () => {
  it.each(Object.entries(tables))('each %s endpoint names its authority first and every path segment among its arguments', (scope, table) => {
    for (const [name, spec] of Object.entries(table)) {
      expect(spec.scope, name).toBe(scope);
      expect(spec.args[0], name).toBe(scope === 'organisation' ? 'apiKey' : 'sessionId');
      for (const [, segment] of spec.path.matchAll(/\{(\w+)\}/g)) expect(spec.args, name).toContain(segment);
      expect(spec.path, name).toMatch(/^\/api\/v1\/.*\/(\?.*)?$/);
    }
  });

  it('PersoUtilServer is exactly the tables, one positional function per endpoint, named after it', () => {
    const names = [...Object.keys(ORGANISATION_ENDPOINTS), ...Object.keys(SESSION_ENDPOINTS)];
    for (const name of names) expect((PersoUtilServer as unknown as Record<string, { name: string }>)[name]!.name).toBe(name);
    expect(new Set(names).size).toBe(names.length);
  });
});
