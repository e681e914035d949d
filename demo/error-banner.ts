/**
 * Errors, told to the person in words: a dismissible banner over the page.
 * The newest error replaces the one shown.
 */
import { byId } from './dom.js';

export class ErrorBanner {
  private readonly banner = byId('error-banner', HTMLDivElement);
  private readonly message = byId('error-message', HTMLParagraphElement);

  constructor() {
    byId('error-dismiss', HTMLButtonElement).addEventListener('click', () => this.dismiss());
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.dismiss();
    });
  }

  show(context: string, error?: unknown): void {
    this.message.textContent = error === undefined ? context : `${context}: ${describeError(error)}`;
    this.banner.hidden = false;
  }

  dismiss(): void {
    this.banner.hidden = true;
    this.message.textContent = '';
  }
}

/** A sentence for a person, from whatever was thrown. */
export function describeError(error: unknown): string {
  if (error instanceof DOMException) {
    if (error.name === 'NotAllowedError') return 'permission was denied (check the browser’s microphone and sound settings)';
    if (error.name === 'NotFoundError') return 'no microphone was found';
  }
  if (error instanceof Error) {
    const detail = 'detail' in error && typeof error.detail === 'string' && error.detail !== '' ? error.detail : error.message;
    return detail || error.name;
  }
  return String(error);
}
