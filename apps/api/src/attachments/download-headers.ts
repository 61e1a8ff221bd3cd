/**
 * Headers that keep a served attachment inert (SPEC §4): always a download, the sniffed type
 * only, and no scripts or subresources should a browser render it anyway.
 */
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
