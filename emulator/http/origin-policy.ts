/**
 * Who may talk to the emulator. It runs on a developer's machine with a public
 * default key, so two checks keep other web pages out:
 *
 * - `Host` must name the emulator (127.0.0.1, localhost, [::1], the host it
 *   was started on, or a name given with `allowedHosts`). A page that rebinds
 *   its own DNS name to 127.0.0.1 sends its own name, and is refused (421).
 * - A browser's `Origin` must be the emulator's own (one of those names on its
 *   port) or one given with `corsOrigins`; any other is refused (403) and gets
 *   no CORS headers. Requests without `Origin` (Node, curl, a same-origin GET)
 *   are not browsers acting for another site, and pass.
 */

export interface OriginPolicyOptions {
  /** The interface the emulator listens on. */
  host: string;
  /** More names accepted in `Host` (e.g. a LAN address or a tunnel name). */
  allowedHosts?: readonly string[];
  /** More origins allowed to call it from a browser; `'*'` allows every origin. */
  corsOrigins?: readonly string[];
}

/** Why a request was refused, ready to be sent as a Perso error. */
export interface Refusal {
  status: 421 | 403;
  code: 'host_not_allowed' | 'origin_not_allowed';
  detail: string;
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]']);

export class OriginPolicy {
  private readonly names: string[];
  private readonly extraOrigins: Set<string>;
  private readonly anyOrigin: boolean;
  private port = 0;

  constructor(options: OriginPolicyOptions) {
    const configured = WILDCARD_HOSTS.has(options.host) ? [] : [hostName(options.host)];
    this.names = [...new Set([...LOOPBACK_NAMES, ...configured, ...(options.allowedHosts ?? []).map(hostName)])];
    const origins = (options.corsOrigins ?? []).map((origin) => origin.trim());
    this.anyOrigin = origins.includes('*');
    this.extraOrigins = new Set(origins.filter((origin) => origin !== '*').map(normalizeOrigin));
  }

  /** Called once the server listens: own origins carry the real port. */
  setPort(port: number): void {
    this.port = port;
  }

  get servedNames(): readonly string[] {
    return this.names;
  }

  get allowsAnyOrigin(): boolean {
    return this.anyOrigin;
  }

  /** The configured name the `Host` header addresses, or null when it names something else. */
  servedName(hostHeader: string | undefined): string | null {
    if (!hostHeader) return null;
    const name = hostName(hostHeader.replace(/:\d{1,5}$/, ''));
    return this.names.includes(name) ? name : null;
  }

  isOwnOrigin(origin: string): boolean {
    const normalized = normalizeOrigin(origin);
    return this.names.some((name) => normalized === `http://${name}:${this.port}` || (this.port === 80 && normalized === `http://${name}`));
  }

  isOriginAllowed(origin: string): boolean {
    return this.anyOrigin || this.isOwnOrigin(origin) || this.extraOrigins.has(normalizeOrigin(origin));
  }

  /** Null when the request may go on. */
  check(headers: { host?: string; origin?: string }): Refusal | null {
    if (this.servedName(headers.host) === null) {
      return {
        status: 421,
        code: 'host_not_allowed',
        detail: `Host "${headers.host ?? ''}" is not a name this emulator serves (${this.names.join(', ')}); start it with --allowed-host <name> (allowedHosts) to accept another name.`,
      };
    }
    if (headers.origin !== undefined && !this.isOriginAllowed(headers.origin)) {
      return {
        status: 403,
        code: 'origin_not_allowed',
        detail: `Origin "${headers.origin}" may not call this emulator; start it with --cors-origin ${headers.origin} (corsOrigins) to allow it.`,
      };
    }
    return null;
  }

  /** `http://name:port` for URLs in answers: a configured name, never the raw header. */
  baseUrl(name: string): string {
    return `http://${name}:${this.port}`;
  }
}

/** `Example.TEST.` → `example.test`; an IPv6 literal keeps its brackets. */
function hostName(host: string): string {
  const lower = host.trim().toLowerCase().replace(/\.$/, '');
  return lower.includes(':') && !lower.startsWith('[') ? `[${lower}]` : lower;
}

function normalizeOrigin(origin: string): string {
  return origin.trim().toLowerCase().replace(/\/+$/, '');
}
