/**
 * Headers that keep a served attachment inert (SPEC §4): always a download, the sniffed type
 * only, and no scripts or subresources should a browser render it anyway.
 */
import type { ContentObject } from '@nestjs/swagger';
import { EXTENSIONS, type SniffedType } from './sniff.js';

/** The OpenAPI `content` of a download: one binary body per type it can be served as. */
export function downloadContent(contentTypes: readonly string[]): ContentObject {
  return Object.fromEntries(contentTypes.map((type) => [type.split(';')[0], { schema: { type: 'string', format: 'binary' } }]));
}

export function downloadHeaders(contentType: string, filename: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Disposition': contentDisposition(filename),
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'",
    'Cache-Control': 'private, no-store',
  };
}

/** RFC 6266 / 8187: an ASCII fallback for old clients, the exact UTF-8 name in `filename*`. */
export function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^A-Za-z0-9._-]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * The name a download is saved under: the client's name with the extension of the type sniffed
 * from the bytes (`活动照片.html` that is a GIF → `活动照片.gif`), so no upload ever lands on a
 * disk as `.html`, `.svg` or `.exe`. A name already ending in a spelling of that type is kept
 * (`site.JPEG`); leading and trailing dots go (Windows drops trailing ones, hiding the rest).
 */
export function downloadName(originalName: string, contentType: string): string {
  const [ext, ...aliases] = EXTENSIONS[contentType as SniffedType] ?? ['bin'];
  const name = originalName.replace(/^[.\s]+|[.\s]+$/g, '');
  const dot = name.lastIndexOf('.');
  const own = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  if (own === ext || aliases.includes(own)) return name;
  const stem = (/^[A-Za-z0-9]{1,16}$/.test(own) ? name.slice(0, dot) : name).replace(/[.\s]+$/, '');
  return `${stem || 'attachment'}.${ext}`;
}

const MAX_NAME_LENGTH = 255;

/**
 * The last path segment without control characters and without the bidirectional controls that
 * would display `photo\u202Elmth.gif` as `photofig.html`: only ever shown, never used as a path.
 */
export function safeName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  const clean = base.replace(/[\u0000-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  return [...clean].slice(0, MAX_NAME_LENGTH).join('') || 'attachment';
}

/**
 * The name an upload is stored and shown under: the client's, made safe, with the extension of
 * the sniffed type, so the list shows the name the download is saved as (`活动照片.html` that is
 * a GIF is kept as `活动照片.gif`). At most 255 characters, the extension always kept.
 */
export function storedName(clientName: string, contentType: string): string {
  const name = downloadName(safeName(clientName), contentType);
  const chars = [...name];
  if (chars.length <= MAX_NAME_LENGTH) return name;
  const ext = name.slice(name.lastIndexOf('.'));
  return (
    chars
      .slice(0, MAX_NAME_LENGTH - ext.length)
      .join('')
      .replace(/[.\s]+$/, '') + ext
  );
}
