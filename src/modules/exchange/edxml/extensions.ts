import { XMLSerializer, type Element } from '@xmldom/xmldom';
import { childElements } from './dom-read';
import { parseSafeXml } from './safe-xml';
import type { XmlWriter } from './xml-writer';

/**
 * Unknown content kept across parse → build. Each known container (`MessageHeader`, `MessageHeader/To[1]`,
 * `TraceHeaderList`, …) records the child elements and attributes this library does not read; building writes them
 * back at the end of the same container (their position among the known children is not kept — the order of known
 * elements is the library's). Stored as serialized XML so the value survives JSON storage.
 */

export interface ForeignAttribute { name: string; ns: string | null; value: string }
export interface ExtensionStore {
  elements: Record<string, string[]>;
  attributes: Record<string, ForeignAttribute[]>;
}

const XMLNS = 'http://www.w3.org/2000/xmlns/';

export class ExtensionCollector {
  private readonly store: ExtensionStore = { elements: {}, attributes: {} };

  /** Records what `el` holds beyond `known` child names and `knownAttributes`; returns `el` for chaining. */
  collect(path: string, el: Element | undefined, known: readonly string[], knownAttributes: readonly string[] = []): Element | undefined {
    if (!el) return el;
    const foreign = childElements(el).filter((c) => !known.includes(c.localName ?? c.nodeName));
    if (foreign.length) {
      const serializer = new XMLSerializer();
      this.store.elements[path] = foreign.map((c) => serializer.serializeToString(c));
    }
    const attrs: ForeignAttribute[] = [];
    for (let i = 0; i < el.attributes.length; i += 1) {
      const a = el.attributes.item(i)!;
      if (a.namespaceURI === XMLNS || a.name === 'xmlns' || a.name.startsWith('xmlns:')) continue;
      if (knownAttributes.includes(a.localName ?? a.name)) continue;
      attrs.push({ name: a.name, ns: a.namespaceURI || null, value: a.value });
    }
    if (attrs.length) this.store.attributes[path] = attrs;
    return el;
  }

  result(): ExtensionStore | undefined {
    const empty = Object.keys(this.store.elements).length === 0 && Object.keys(this.store.attributes).length === 0;
    return empty ? undefined : this.store;
  }
}

function asStore(ext: unknown): ExtensionStore | undefined {
  if (!ext || typeof ext !== 'object') return undefined;
  const s = ext as Partial<ExtensionStore>;
  return { elements: s.elements && typeof s.elements === 'object' ? s.elements : {}, attributes: s.attributes && typeof s.attributes === 'object' ? s.attributes : {} };
}

/** Writes back what `collect` recorded for `path` onto the freshly built `el`. Malformed entries are skipped. */
export function applyExtensions(w: XmlWriter, ext: unknown, path: string, el: Element): void {
  const store = asStore(ext);
  if (!store) return;
  const attrs = store.attributes[path];
  if (Array.isArray(attrs)) {
    for (const a of attrs) {
      if (!a || typeof a.name !== 'string' || typeof a.value !== 'string' || el.hasAttribute(a.name)) continue;
      if (a.ns) el.setAttributeNS(a.ns, a.name, a.value);
      else el.setAttribute(a.name, a.value);
    }
  }
  const elements = store.elements[path];
  if (Array.isArray(elements)) {
    for (const xml of elements) {
      if (typeof xml !== 'string') continue;
      w.adopt(el, parseSafeXml(xml).root);
    }
  }
}
