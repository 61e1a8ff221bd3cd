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
