/**
 * Reads a DOCX back for the document tests: `word/document.xml` out of the zip (with the service's
 * own central-directory reader) and its paragraphs as text with their raw XML.
 */
import { zipEntries, zipEntryData } from '../../apps/api/src/attachments/sniff.js';

export function docxPart(docx: Buffer, name = 'word/document.xml'): string {
  const entries = zipEntries(docx);
  if (!entries) throw new Error('not a zip');
  const entry = entries.find((e) => e.name === name);
  if (!entry) throw new Error(`no ${name} in ${entries.map((e) => e.name).join(', ')}`);
  const data = zipEntryData(docx, entry, 50 * 1024 * 1024);
  if (!data) throw new Error(`${name} cannot be read`);
  return data.toString('utf8');
}

export interface DocxParagraph {
  text: string;
  xml: string;
}

const unescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** Every `w:p` of the body, in order (table cells' paragraphs included), with its text. */
export function docxParagraphs(documentXml: string): DocxParagraph[] {
  return [...documentXml.matchAll(/<w:p(?:\s[^>]*)?>([\s\S]*?)<\/w:p>/g)].map((m) => ({
    xml: m[0],
    text: unescape([...m[1]!.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('')),
  }));
}
