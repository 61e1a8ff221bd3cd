/**
 * Security review, finding 5: what users typed never becomes Markdown, HTML or a mention in a
 * notification.
 */
import { escapeFeishuText, escapeHtml, escapeMarkdown, oneLine } from '../../../libs/notify/escape.js';

describe('escapeMarkdown: a name is never a live link, image, emphasis, code, mention or tag in a robot message', () => {
  it.each([
    ['[点此领取](http://evil.example)', '［点此领取］（http：//evil.example）'],
    ['![x](http://evil.example/t.png)', '！［x］（http：//evil.example/t.png）'],
    ['<img src=x onerror=alert(1)>', '＜img src=x onerror=alert（1）＞'],
    ['<font color="warning">紧急</font>', '＜font color="warning"＞紧急＜/font＞'],
    ['**粗体** _斜体_ ~~删除~~', '＊＊粗体＊＊ ＿斜体＿ ～～删除～～'],
    ['`code` ```block```', '｀code｀ ｀｀｀block｀｀｀'],
    ['@all <@zhangsan> @13800000000', '＠all ＜＠zhangsan＞ ＠13800000000'],
    ['论坛\n### 标题\r\n> 引用\u2028| a | b |', '论坛 ＃＃＃ 标题 ＞ 引用 ｜ a ｜ b ｜'],
    ['&lt;script&gt; \\[x\\]', '＆lt;script＆gt; ＼［x＼］'],
    ['请访问 https://evil.example 领取', '请访问 https：//evil.example 领取'],
  ])('%j → %j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });

  it('leaves ordinary Chinese names and numbers as they are', () => {
    expect(escapeMarkdown('2026青年导演论坛（第二届）·北京')).toBe('2026青年导演论坛（第二届）·北京');
    expect(escapeMarkdown('编制人 张三（宣传部）；主办部门负责人 李四')).toBe('编制人 张三（宣传部）；主办部门负责人 李四');
  });
});

describe('escapeHtml: a name is text in an e-mail, never markup', () => {
  it('escapes the five characters that matter in text and quoted attributes', () => {
    expect(escapeHtml(`<img src=x onerror=alert(1)> & "a" 'b'`)).toBe('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;a&quot; &#39;b&#39;');
  });
});

describe('escapeFeishuText: a name never mentions everyone in a Feishu message', () => {
  it('neutralises <at> tags and URLs, keeping the service’s own link', () => {
    const own = 'https://summary.example.org/api/activities/a-1';
    expect(escapeFeishuText('<at user_id="all"></at> http://evil.example')).toBe('＜at user_id="all">＜/at> http：//evil.example');
    expect(escapeFeishuText(`查看详情：${own}`, own)).toBe(`查看详情：${own}`);
  });
});

describe('oneLine', () => {
  it('joins lines (also Unicode separators), drops control characters, keeps the text', () => {
    expect(oneLine(' 论坛\r\n\t第二行\u2029第三行\u0007 ')).toBe('论坛 第二行 第三行');
  });
});
