/**
 * Security review, finding 4: a download is named with the extension of the type sniffed from
 * its bytes, so an upload named `.html` (or `.svg`, `.exe`) never lands on a disk under that name.
 */
import { contentDisposition, downloadName, safeName, storedName } from '../../../apps/api/src/attachments/download-headers.js';
import { CONTENT_TYPES } from '../../../apps/api/src/attachments/sniff.js';

describe('a download never keeps the uploader’s extension when the bytes say otherwise', () => {
  it.each([
    ['活动照片.html', CONTENT_TYPES.gif, '活动照片.gif'],
    ['photo.svg', CONTENT_TYPES.png, 'photo.png'],
    ['setup.exe', CONTENT_TYPES.pdf, 'setup.pdf'],
    ['宏.xlsm', CONTENT_TYPES.xlsx, '宏.xlsx'],
    ['report.pdf.html', CONTENT_TYPES.pdf, 'report.pdf.pdf'],
    ['photo', CONTENT_TYPES.jpeg, 'photo.jpg'],
    ['evil.html.', CONTENT_TYPES.gif, 'evil.gif'],
    ['.htaccess', CONTENT_TYPES.csv, 'htaccess.csv'],
    ['...', CONTENT_TYPES.png, 'attachment.png'],
    ['v1.2 final', CONTENT_TYPES.docx, 'v1.2 final.docx'],
  ])('%s as %s → %s', (name, type, expected) => {
    expect(downloadName(name, type)).toBe(expected);
  });

  it.each([
    ['site.png', CONTENT_TYPES.png],
    ['报道.JPEG', CONTENT_TYPES.jpeg],
    ['报道.jpg', CONTENT_TYPES.jpeg],
    ['数据统计表.csv', CONTENT_TYPES.csv],
    ['questionnaire "final".pdf', CONTENT_TYPES.pdf],
  ])('keeps %s, already named for its type', (name, type) => {
    expect(downloadName(name, type)).toBe(name);
  });

  it('strips right-to-left overrides that would show photo‮lmth.gif as photofig.html', () => {
    expect(safeName('photo\u202Elmth.gif')).toBe('photolmth.gif');
    expect(safeName('C:\\fakepath\\活动\u2066照片\u2069.png')).toBe('活动照片.png');
  });

  it('is always an attachment, with the UTF-8 name in filename*', () => {
    expect(contentDisposition(downloadName('活动照片.html', CONTENT_TYPES.gif))).toBe(
      `attachment; filename="____.gif"; filename*=UTF-8''${encodeURIComponent('活动照片')}.gif`,
    );
  });

  it('stores and shows the name with the sniffed extension, the one the download is saved as, within 255 characters', () => {
    expect(storedName('C:\\fakepath\\活动照片.html', CONTENT_TYPES.gif)).toBe('活动照片.gif');
    expect(storedName('公函.PDF', CONTENT_TYPES.pdf)).toBe('公函.PDF');
    const long = storedName(`${'照'.repeat(300)}.html`, CONTENT_TYPES.png);
    expect([...long]).toHaveLength(255);
    expect(long.endsWith('照.png')).toBe(true);
    // The download of a stored name is that name.
    expect(downloadName(long, CONTENT_TYPES.png)).toBe(long);
  });
});
