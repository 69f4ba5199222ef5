// Elements built by hand: the pages are tables, forms and charts, redrawn
// whole when their data comes; no framework is needed for that.

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | ((e: Event) => void) | undefined>;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === 'function') e.addEventListener(k.replace(/^on/, ''), v);
    else if (v === true) e.setAttribute(k, '');
    else e.setAttribute(k, String(v));
  }
  append(e, children);
  return e;
}

export function append(parent: Node, children: readonly Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/** A table: a header row and a row per item, each cell given as text or a node; `rowAttrs` tags a row (data-… for the tests). */
export function table<T>(
  columns: readonly { title: string; cell: (item: T) => Child; field?: string }[],
  items: readonly T[],
  o: { id?: string; rowAttrs?: (item: T) => Attrs } = {},
): HTMLTableElement {
  const body = el('tbody');
  const rows = document.createDocumentFragment();
  for (const item of items) {
    const tr = el('tr', o.rowAttrs?.(item) ?? {});
    for (const c of columns) tr.appendChild(el('td', { 'data-field': c.field ?? c.title }, c.cell(item)));
    rows.appendChild(tr);
  }
  body.appendChild(rows);
  return el('table', { id: o.id }, el('thead', {}, el('tr', {}, ...columns.map((c) => el('th', {}, c.title)))), body);
}

export function section(title: string, ...children: Child[]): HTMLElement {
  return el('section', {}, el('h2', {}, title), ...children);
}

/** A message in place of a part that failed: the error's text, never a blank. */
export function failed(what: string, err: unknown): HTMLElement {
  return el('p', { class: 'error' }, `${what}: ${(err as Error).message}`);
}
