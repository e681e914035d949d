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

/** Keeps a scrolled list pinned to its bottom when it already was there. */
export function keepScrolledToBottom(list: HTMLElement, update: () => void): void {
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 24;
  update();
  if (atBottom) list.scrollTop = list.scrollHeight;
}
