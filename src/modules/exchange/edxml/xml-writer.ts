import { DOMImplementation, XMLSerializer, type Document, type Element, type Node } from '@xmldom/xmldom';
import { EDXML_NAMESPACE } from './edxml.types';

/**
 * Builds a package as a DOM (xmldom) and serializes it, so escaping and namespaces are the XML library's job.
 * Elements are written `edXML:Name` in the QCVN namespace, like the sample packages; the root also declares it as
 * the default namespace (so `AttachmentEncoded` and its children, unprefixed in the samples, stay in it).
 * Text: line ends become `\n` (XML parsers do the same on reading) and characters XML 1.0 cannot carry
 * (C0 controls other than tab/newline, lone surrogates, U+FFFE/U+FFFF) are dropped.
 */

// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlSafeText(value: string): string {
  return value.replace(/\r\n?/g, '\n').replace(NOT_XML_CHAR, '');
}

export type Scalar = string | number | boolean | undefined | null;

export class XmlWriter {
  readonly doc: Document;
  readonly root: Element;
  /** Elements this writer made: only these are indented, so preserved foreign elements stay byte-for-byte. */
  private readonly own = new WeakSet<Node>();

  constructor(rootName = 'edXML') {
    this.doc = new DOMImplementation().createDocument(EDXML_NAMESPACE, rootName, null) as unknown as Document;
    this.root = this.doc.documentElement!;
    this.root.setAttribute('xmlns', EDXML_NAMESPACE);
    this.root.setAttributeNS('http://www.w3.org/2000/xmlns/', 'xmlns:edXML', EDXML_NAMESPACE);
    this.own.add(this.root);
  }

  /** A container element `edXML:<name>` (or unprefixed when `prefixed` is false). */
  el(parent: Element, name: string, prefixed = true): Element {
    const e = this.doc.createElementNS(EDXML_NAMESPACE, prefixed ? `edXML:${name}` : name);
    parent.appendChild(e);
    this.own.add(e);
    return e;
  }

  /** A leaf with text; skipped when the value is undefined, null or an empty string. */
  leaf(parent: Element, name: string, value: Scalar, prefixed = true): Element | undefined {
    if (value === undefined || value === null || value === '') return undefined;
    const e = this.el(parent, name, prefixed);
    e.appendChild(this.doc.createTextNode(xmlSafeText(String(value))));
    return e;
  }

  /** A leaf written even when empty (`<edXML:X/>`), for elements receivers expect to find. */
  leafAlways(parent: Element, name: string, value: Scalar, prefixed = true): Element {
    return this.leaf(parent, name, value, prefixed) ?? this.el(parent, name, prefixed);
  }

  /** Imports a foreign element (already parsed elsewhere) at the end of `parent`. */
  adopt(parent: Element, foreign: Element): void {
    const copy = this.doc.importNode(foreign, true) as Element;
    parent.appendChild(copy);
    // Namespace declarations the serializer added when the element was cut out, already in scope here: drop them.
    for (let i = copy.attributes.length - 1; i >= 0; i -= 1) {
      const a = copy.attributes.item(i)!;
      const prefix = a.name === 'xmlns' ? null : a.name.startsWith('xmlns:') ? a.name.slice(6) : undefined;
      if (prefix === undefined) continue;
      if (parent.lookupNamespaceURI(prefix) === a.value) copy.removeAttributeNode(a);
    }
  }

  toString(): string {
    this.indent(this.root, 0);
    return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(this.doc)}\n`;
  }

  private indent(el: Element, level: number): void {
    const kids: Element[] = [];
    for (let n = el.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 1) kids.push(n as Element);
      else return; // mixed or text content: leave as is
    }
    if (kids.length === 0) return;
    const pad = (l: number) => `\n${'  '.repeat(l)}`;
    for (const k of kids) {
      el.insertBefore(this.doc.createTextNode(pad(level + 1)), k);
      if (this.own.has(k)) this.indent(k, level + 1);
    }
    el.appendChild(this.doc.createTextNode(pad(level)));
  }
}
