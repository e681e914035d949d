/** The element with this id, checked to be of the expected kind. */
export function byId<T extends HTMLElement>(id: string, kind: { new (): T; prototype: T }): T {
  const element = document.getElementById(id);
  if (!(element instanceof kind)) throw new Error(`The page has no <${kind.name}> with id "${id}"`);
  return element;
}

/** A new element with a class and, optionally, its text. */
export function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** "14:03:27" in the person's locale. */
export function formatTime(timestamp: Date | number | string): string {
  const date = timestamp instanceof Date ? timestamp : new Date(timestamp);
  if (Number.isNaN(date.getTime())) return '';
  return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** Whether a scrolled box shows its end (within a few pixels). */
export function isScrolledToBottom(box: HTMLElement): boolean {
  return box.scrollHeight - box.scrollTop - box.clientHeight < 24;
}

/** Runs `update`, then keeps a scrolled box pinned to its end when it already was there. */
export function keepScrolledToBottom(box: HTMLElement, update: () => void): void {
  const atBottom = isScrolledToBottom(box);
  update();
  if (atBottom) box.scrollTop = box.scrollHeight;
}
