/**
 * CSV formula injection ("CSV injection", OWASP): a cell that starts with `=`, `+`, `-` or `@`
 * (or a tab or carriage return) is a formula to Excel, LibreOffice and WPS, which can run
 * commands (`=cmd|' /C calc'!A0`) or send the sheet's data away (`=HYPERLINK(…)`). Downloads of
 * CSV attachments prefix such cells with `'`, which makes them text; every other byte is served
 * as uploaded. The stored file (and its sha256) stays exactly what was uploaded. Pure.
 *
 * Cells are split on `,`, `;` and tab alike (whichever the file uses, a spreadsheet in another
 * locale may split on another) and on line ends, outside double quotes; a quoted cell gets the
 * `'` inside its quotes. Plain numbers (`-12`, `+86`, `-1,234.5`, `-3e2`, `-5%`) and a lone `-`
 * are no formula and are kept as they are, so expense tables keep their negative amounts.
 */

const QUOTE = 0x22;
const APOSTROPHE = Buffer.from("'");
const CR = 0x0d;
const LF = 0x0a;
const isBoundary = (b: number | undefined): boolean => b === 0x2c || b === 0x3b || b === 0x09 || b === LF || b === CR;
/** `=`, `+`, `-`, `@`, tab, CR. */
const TRIGGERS = new Set([0x3d, 0x2b, 0x2d, 0x40, 0x09, CR]);
const NUMBER = /^[+-]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?$/;

/** Whether the cell's content (without its quotes) would be taken for a formula. */
function isFormula(cell: Buffer): boolean {
  let at = 0;
  while (cell[at] === 0x20) at++;
  const first = cell[at];
  if (first === undefined || !TRIGGERS.has(first)) return false;
  if (first !== 0x2b && first !== 0x2d) return true;
  const text = cell.toString('latin1', at).trimEnd();
  return !(text === '-' || NUMBER.test(text));
}

/** `csv` with every formula cell prefixed by `'`; the same Buffer when there is none. */
export function neutraliseCsv(csv: Buffer): Buffer {
  const inserts: number[] = [];
  const n = csv.length;
  let i = csv[0] === 0xef && csv[1] === 0xbb && csv[2] === 0xbf ? 3 : 0; // UTF-8 BOM
  while (i < n) {
    // At the start of a cell.
    if (csv[i] === QUOTE) {
      const start = i + 1;
      let end = start;
      while (end < n && !(csv[end] === QUOTE && csv[end + 1] !== QUOTE)) end += csv[end] === QUOTE ? 2 : 1;
      if (isFormula(csv.subarray(start, Math.min(end, n)))) inserts.push(start);
      i = end + 1;
      while (i < n && !isBoundary(csv[i])) i++; // anything between the closing quote and the separator
    } else {
      const start = i;
      while (i < n && !isBoundary(csv[i])) i++;
      if (isFormula(csv.subarray(start, i))) inserts.push(start);
    }
    if (i >= n) break;
    // One separator or line end (CRLF counts once); then the next cell starts.
    i += csv[i] === CR && csv[i + 1] === LF ? 2 : 1;
  }
  if (!inserts.length) return csv;
  const parts: Buffer[] = [];
  let from = 0;
  for (const at of inserts) {
    parts.push(csv.subarray(from, at), APOSTROPHE);
    from = at;
  }
  parts.push(csv.subarray(from));
  return Buffer.concat(parts);
}
