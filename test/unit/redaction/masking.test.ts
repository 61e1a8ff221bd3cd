/**
 * R-14.4 / R-15.3 the masking mode of the one desensitizer (libs/redaction): over the same corpus
 * as the redaction mode, every personal datum is masked — phones 138****5678 / 010-****3456, IDs
 * 110105********1234, e-mails w***@163.com, names 某某 — and nothing else changes: the characters
 * outside the data redaction finds come back exactly as typed.
 */
import { MASKED_NAME, REDACTED, hasPersonalData, maskText, redactText } from '../../../libs/redaction/index.js';
import { NEGATIVES, POSITIVES } from './corpus-lines.js';

/** One or more masked data in a row: a name 某某 (with its title), or a phone, ID or e-mail with `*` in it. */
const MASKED_DATA = new RegExp(
  `^(?:${[
    `${MASKED_NAME}(?:老师|女士|先生|小姐|同志|同学|经理|总监|主任|部长|处长|科长|院长|会长|秘书长|秘书|书记|教授|导演|律师|师傅|总|工)?`,
    // Phones: digits (ASCII or full-width), grouping, +86/0086, an extension; at least 3 digits hidden.
    '[\\d０-９+()（） \\u3000\\-—－转分机ext.x]*\\*{3}[\\d０-９+()（） \\u3000\\-—－转分机ext.x*]*',
    // Resident IDs: 6 shown, 8 (5 for the old 15-digit ones) hidden, 4 shown.
    '[\\d０-９]{6} ?\\*{5,8} ?[\\d０-９]{3}[\\d０-９XxＸ]',
    // E-mails: one character, ***, the domain.
    '[A-Za-z0-9]\\*{3}[@＠][A-Za-z0-9.．-]+',
  ]
    .map((p) => `(?:${p})`)
    .join('|')})+$`,
);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('maskText: the corpus in publication mode', () => {
  it('has at least 50 lines with personal data and 40 without', () => {
    expect(POSITIVES.length).toBeGreaterThanOrEqual(50);
    expect(NEGATIVES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(POSITIVES.map(([line, , masked]) => [line, masked]))('masks every datum and the name next to it: %s', (line, expected) => {
    const masked = maskText(line);
    expect(masked).toBe(expected);
    // Nothing detectable is left, and masking the masked text changes nothing.
    expect(hasPersonalData(masked)).toBe(false);
    expect(maskText(masked)).toBe(masked);
  });

  it.each(POSITIVES.map(([line, redacted]) => [line, redacted]))(
    'changes only what redaction removes, each piece masked: %s',
    (line, redacted) => {
      // Adjacent data (张三13812345678) are one piece: where one ends is the masks' business.
      const kept = redacted.split(new RegExp(`(?:${REDACTED})+`));
      const shape = new RegExp(`^${kept.map(escape).join('(.+?)')}$`, 'u');
      const match = shape.exec(maskText(line));
      expect(match).not.toBeNull();
      const pieces = match!.slice(1);
      expect(pieces).toHaveLength(kept.length - 1);
      for (const piece of pieces) expect([piece, MASKED_DATA.test(piece)]).toEqual([piece, true]);
    },
  );

  it.each(NEGATIVES.map((l) => [l]))('leaves a line without personal data unchanged: %s', (line) => {
    expect(maskText(line)).toBe(line);
  });

  it('redaction is unchanged by the new mode: a masked line redacts to itself, an original as before', () => {
    for (const [line, redacted, masked] of POSITIVES) {
      expect(redactText(line)).toBe(redacted);
      expect(redactText(masked)).toBe(masked);
    }
  });
});

describe('masks, case by case', () => {
  it.each([
    ['手机 13812345678', '手机 138****5678'],
    ['电话 +86 10 8888 6666 转 201', '电话 +86 10 **** 6666 转 ***'],
    ['电话 +86 755 8888 6666', '电话 +86 755 **** 6666'],
    ['办公室座机 021-64321234转806', '办公室座机 021-****1234转***'],
    ['身份证号 11010519491231002X', '身份证号 110105********002X'],
    ['旧版身份证 110105491231002', '旧版身份证 110105*****1002'],
    ['邮箱 wang.xiaoming+film@163.com', '邮箱 w***@163.com'],
    ['联系人：热依拉·买买提 13812345678', `联系人：${MASKED_NAME} 138****5678`],
    ['请联系王小明先生（13812345678）', `请联系${MASKED_NAME}先生（138****5678）`],
  ])('%s → %s', (line, masked) => {
    expect(maskText(line)).toBe(masked);
  });

  it('a long paragraph stays fast in this mode too', () => {
    const paragraph = '本次论坛围绕青年导演创作扶持展开交流会员代表积极发言现场气氛热烈'.repeat(2000);
    const started = performance.now();
    expect(maskText(`${paragraph}，联系人张三13812345678，${paragraph}`)).toBe(`${paragraph}，联系人某某138****5678，${paragraph}`);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('text without data is returned as the same string', () => {
    const text = '活动于2026-11-20在协会多功能厅举行';
    expect(maskText(text)).toBe(text);
    expect(maskText('')).toBe('');
  });
});
