import type { Element, Node, Text } from '@xmldom/xmldom';
import { EdxmlError } from './edxml-error';

/**
 * Reading helpers over an xmldom tree. Elements are matched on their local name: systems on the axis disagree on
 * prefixes and sometimes bind the edXML prefix to the wrong namespace (one provincial builder binds it to SOAP's),
 * so only the root's namespace is checked strictly (in the parsers).
 */

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

export function childElements(el: Element | undefined): Element[] {
  const out: Element[] = [];
  if (!el) return out;
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === ELEMENT_NODE) out.push(n as Element);
  return out;
}

/** First child element whose local name is one of `names` (several names = accepted spellings). */
export function child(el: Element | undefined, ...names: string[]): Element | undefined {
  return childElements(el).find((c) => names.includes(c.localName ?? c.nodeName));
}

export function children(el: Element | undefined, ...names: string[]): Element[] {
  return childElements(el).filter((c) => names.includes(c.localName ?? c.nodeName));
}

/** Text content (text and CDATA) of an element, undefined when the element is absent. */
export function textOf(el: Element | undefined): string | undefined {
  if (!el) return undefined;
  let s = '';
  const stack: Node[] = [el];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.nodeType === TEXT_NODE || n.nodeType === CDATA_SECTION_NODE) s += (n as Text).data;
    else for (let c = n.lastChild; c; c = c.previousSibling) stack.push(c);
  }
  return s;
}

/** Free text of an optional child: undefined when absent or empty. Kept as sent otherwise (no trimming). */
export function optText(el: Element | undefined, ...names: string[]): string | undefined {
  const v = textOf(child(el, ...names));
  return v === undefined || v.trim() === '' ? undefined : v;
}

/** Identifier-like value (ids, codes, numbers, dates): trimmed, undefined when empty. */
export function optToken(el: Element | undefined, ...names: string[]): string | undefined {
  const v = textOf(child(el, ...names))?.trim();
  return v ? v : undefined;
}

export function reqText(el: Element | undefined, path: string, ...names: string[]): string {
  const v = optText(el, ...names);
  if (v === undefined) throw new EdxmlError(`Gói tin thiếu trường bắt buộc ${names[0]}`, `${path}/${names[0]}`);
  return v;
}

export function reqToken(el: Element | undefined, path: string, ...names: string[]): string {
  const v = optToken(el, ...names);
  if (v === undefined) throw new EdxmlError(`Gói tin thiếu trường bắt buộc ${names[0]}`, `${path}/${names[0]}`);
  return v;
}

export function reqElement(el: Element | undefined, path: string, ...names: string[]): Element {
  const c = child(el, ...names);
  if (!c) throw new EdxmlError(`Gói tin thiếu phần ${names[0]}`, `${path}/${names[0]}`);
  return c;
}

/** Optional integer; throws with a Vietnamese reason when present but not an integer. */
export function optInt(el: Element | undefined, path: string, ...names: string[]): number | undefined {
  const v = optToken(el, ...names);
  if (v === undefined) return undefined;
  if (!/^[+-]?\d{1,15}$/.test(v)) throw new EdxmlError(`Trường ${names[0]} phải là số nguyên, nhận được "${v.slice(0, 30)}"`, `${path}/${names[0]}`);
  return Number(v);
}

export function optBool(el: Element | undefined, ...names: string[]): boolean | undefined {
  const v = optToken(el, ...names)?.toLowerCase();
  if (v === undefined) return undefined;
  return v === 'true' || v === '1';
}
