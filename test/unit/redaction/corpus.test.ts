/**
 * personal data in free text: a corpus of realistic lines from activity summaries, each
 * with exactly what a reader other than management must see. Negatives (dates, amounts, counts,
 * years, document numbers, serial numbers) must come back unchanged.
 *
 * Full-width forms (１３８…, ＠, ：) and Chinese dashes are matched like their ASCII twins, while every
 * character that is not personal data comes back exactly as typed.
 */
import { REDACTED as R, hasPersonalData, redactText, validResidentId18 } from '../../../libs/redaction/index.js';
import { NEGATIVES, POSITIVES } from './corpus-lines.js';

describe('redactText: a corpus of Chinese summary lines', () => {
  it('has at least 80 lines, positives and negatives', () => {
    expect(POSITIVES.length + NEGATIVES.length).toBeGreaterThanOrEqual(80);
    expect(POSITIVES.length).toBeGreaterThanOrEqual(40);
    expect(NEGATIVES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(POSITIVES.map(([line, redacted]) => [line, redacted]))('redacts personal data and the name next to it: %s', (line, expected) => {
    expect(redactText(line)).toBe(expected);
    expect(hasPersonalData(line)).toBe(true);
  });

  it.each(NEGATIVES.map((l) => [l]))('leaves a line without personal data unchanged: %s', (line) => {
    expect(redactText(line)).toBe(line);
    expect(hasPersonalData(line)).toBe(false);
  });

  it('is idempotent: redacting redacted text changes nothing', () => {
    for (const [line] of POSITIVES) expect(redactText(redactText(line))).toBe(redactText(line));
  });

  it('a long paragraph stays fast: the run searched for a name before a datum is bounded', () => {
    const paragraph = '本次论坛围绕青年导演创作扶持展开交流会员代表积极发言现场气氛热烈'.repeat(2000);
    const text = `${paragraph}，联系人张三13812345678，${paragraph}`;
    const started = performance.now();
    expect(redactText(text)).toBe(`${paragraph}，联系人${R}${R}，${paragraph}`);
    // Unbounded it took about 16 s on 68,000 characters; bounded, well under 100 ms.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('resident ID check digit (GB 11643)', () => {
  it('accepts a valid ID (also with X) and refuses a wrong check digit', () => {
    expect(validResidentId18('110101199003071234')).toBe(false);
    expect(validResidentId18('11010519491231002X')).toBe(true);
    expect(validResidentId18('440524188001010014')).toBe(true);
    expect(validResidentId18('11010519491231002Y')).toBe(false);
  });

  it('an unlabelled 18-digit number with a wrong check digit is not taken for an ID', () => {
    expect(redactText('批次号 110105194912310021')).toBe('批次号 110105194912310021');
    expect(redactText('身份证号 110105194912310021')).toBe(`身份证号 ${R}`);
  });
});
