/**
 * Text that users typed (activity names, people's and departments' names) made inert for the
 * format it is put into: Markdown for the WeCom and DingTalk robots, HTML for e-mail, Feishu's
 * `<at>` tags. Only the service's own text (labels, dates, its links) keeps its meaning. Pure.
 */

/** One line, no control characters: a line break would split a subject or start a Markdown block. */
export function oneLine(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/\s*[\r\n\u0085\u2028\u2029]+\s*/g, ' ')
    .replace(/\t/g, ' ')
    .trim();
}

/**
 * ASCII characters with a meaning in WeCom's or DingTalk's Markdown (links, images, emphasis,
 * code, headings, quotes, tables, HTML such as `<font>` and WeCom's `<@userid>` mentions, entities)
 * and their full-width forms. Neither platform documents a backslash escape, and a renderer that
 * ignored one would still draw `\[点此领取\](http://evil)` as a link; full-width forms are the
 * usual punctuation of Chinese text and no renderer reads them as syntax.
 */
const MARKDOWN_FULL_WIDTH: Record<string, string> = {
  '\\': '＼',
  '`': '｀',
  '*': '＊',
  _: '＿',
  '[': '［',
  ']': '］',
  '(': '（',
  ')': '）',
  '<': '＜',
  '>': '＞',
  '#': '＃',
  '!': '！',
  '|': '｜',
  '~': '～',
  '@': '＠',
  '&': '＆',
  '{': '｛',
  '}': '｝',
};
const MARKDOWN_ACTIVE = /[\\`*_[\]()<>#!|~@&{}]/g;

/**
 * `s` as literal text inside a robot's Markdown: one line, every Markdown-active character in
 * its full-width form, and `://` as `：//` so a URL in a name is not turned into a link either.
 * Only links the service builds itself are links.
 */
export function escapeMarkdown(s: string): string {
  return oneLine(s)
    .replace(MARKDOWN_ACTIVE, (c) => MARKDOWN_FULL_WIDTH[c] ?? c)
    .replace(/:\/\//g, '：//');
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `s` as text in an HTML body or a quoted attribute value. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

/**
 * Feishu reads `<at user_id="all"></at>` in a text message as a mention of everyone; with `<`
 * in its full-width form a name can mention nobody, and with `：//` a URL in a name is no link.
 * Occurrences of `ownLink` (the service's link) are kept as they are. Post messages carry text
 * elements, which Feishu does not parse for tags, but get the same treatment.
 */
export function escapeFeishuText(s: string, ownLink?: string): string {
  const escape = (part: string) => part.replace(/</g, '＜').replace(/:\/\//g, '：//');
  return ownLink ? s.split(ownLink).map(escape).join(ownLink) : escape(s);
}
