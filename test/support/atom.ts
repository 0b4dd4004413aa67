// Reads an Atom document strictly (xml-js parses with sax in strict mode: malformed XML throws).
import xmljs from 'xml-js';

export interface XmlElement {
  type: string;
  name?: string;
  attributes?: Record<string, string | number | undefined>;
  elements?: XmlElement[];
  text?: string | number | boolean;
  cdata?: string;
}

export function parseXml(text: string): XmlElement {
  return xmljs.xml2js(text, { compact: false }) as XmlElement;
}

export const children = (el: XmlElement, name: string) =>
  (el.elements ?? []).filter((e) => e.type === 'element' && e.name === name);
export const textOf = (el: XmlElement | undefined): string =>
  (el?.elements ?? [])
    .map((e) => (e.type === 'text' ? String(e.text) : e.type === 'cdata' ? (e.cdata ?? '') : textOf(e)))
    .join('');
