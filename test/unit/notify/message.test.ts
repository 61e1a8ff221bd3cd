import { DEADLINE_KEYS } from '../../../libs/domain/lifecycle.js';
import { DEADLINE_NAMES_ZH, formatShanghai, renderMessage, type MessageInput } from '../../../libs/notify/message.js';

const overdueDraft: MessageInput = {
  activityName: '2026青年导演论坛',
  deadlineKey: 'draft',
  kind: 'overdue',
  dueAt: '2026-10-15T15:59:59.999Z', // end of 2026-10-15 in Asia/Shanghai
  overdueSince: '2026-10-15T16:00:00.000Z',
  mustAct: '编制人 张三（宣传部）',
  link: 'https://summary.example.org/activities/a-1',
};

describe('formatShanghai', () => {
  it.each([
    ['2026-10-09T15:59:59.999Z', '2026年10月9日 23:59'],
    ['2026-10-09T23:59:59+08:00', '2026年10月9日 23:59'],
    ['2026-12-31T16:00:00Z', '2027年1月1日 00:00'],
    ['2026-02-28T01:05:00Z', '2026年2月28日 09:05'],
  ])('%s → %s', (iso, expected) => {
    expect(formatShanghai(iso)).toBe(expected);
  });

  it('refuses what is not an instant', () => {
    expect(() => formatShanghai('next Tuesday')).toThrow(RangeError);
  });
});

describe('renderMessage', () => {
  it('R-7.2 overdue draft: activity, what is overdue, due and overdue-since in Asia/Shanghai, who must act, link', () => {
    const m = renderMessage(overdueDraft);
    expect(m.title).toBe('【已逾期】2026青年导演论坛：总结初稿提交');
    expect(m.text).toBe(
      [
        '活动：2026青年导演论坛',
        '事项：总结初稿提交（已逾期）',
        '截止时间：2026年10月15日 23:59',
        '逾期起算：2026年10月16日 00:00',
        '办理人：编制人 张三（宣传部）',
        '请尽快办理。',
        '查看详情：https://summary.example.org/activities/a-1',
      ].join('\n'),
    );
    expect(m.link).toBe(overdueDraft.link);
  });

  it('markdown carries the same facts, one paragraph each, and a link', () => {
    const md = renderMessage(overdueDraft).markdown;
    expect(md.startsWith('### 【已逾期】2026青年导演论坛：总结初稿提交\n\n')).toBe(true);
    for (const part of [
      '**活动**：2026青年导演论坛',
      '**截止时间**：2026年10月15日 23:59',
      '**逾期起算**：2026年10月16日 00:00',
      '**办理人**：编制人 张三（宣传部）',
    ]) {
      expect(md).toContain(`\n\n${part}\n\n`);
    }
    expect(md.endsWith('[查看详情](https://summary.example.org/activities/a-1)')).toBe(true);
  });

  it('an overdue message without overdueSince counts from the due time', () => {
    const { overdueSince: _omit, ...rest } = overdueDraft;
    expect(renderMessage(rest).text).toContain('逾期起算：2026年10月15日 23:59');
  });

  it('a reminder says it is due soon and has no overdue line', () => {
    const m = renderMessage({ ...overdueDraft, kind: 'reminder', deadlineKey: 'baseData', dueAt: '2026-10-09T15:59:59.999Z' });
    expect(m.title).toBe('【即将到期】2026青年导演论坛：基础数据收集');
    expect(m.text).toContain('事项：基础数据收集（即将到期）');
    expect(m.text).toContain('截止时间：2026年10月9日 23:59');
    expect(m.text).toContain('请在截止时间前办理。');
    expect(m.text).not.toContain('逾期');
  });

  it('names every deadline in Chinese', () => {
    expect(DEADLINE_KEYS.map((k) => DEADLINE_NAMES_ZH[k])).toEqual([
      '基础数据收集',
      '总结初稿提交',
      '终稿形成',
      '修订稿重新提交',
      '专题会议',
      '归档',
      '反馈收集',
      '保管期满',
    ]);
  });

  it('keeps a name with line breaks on one line (subject lines, markdown structure)', () => {
    const m = renderMessage({ ...overdueDraft, activityName: '论坛\r\n第二行' });
    expect(m.title).toBe('【已逾期】论坛 第二行：总结初稿提交');
    expect(m.text.split('\n')[0]).toBe('活动：论坛 第二行');
  });
});

describe('security review, finding 5: an activity or person named with markup never renders it', () => {
  const evilName = '[点此领取](http://evil.example) <img src=x onerror=alert(1)> **粗体** `代码` @all\n### 第二行';
  const evil = renderMessage({
    ...overdueDraft,
    activityName: evilName,
    mustAct: '编制人 [张三](http://evil.example)（<b>宣传部</b>）',
  });
  const link = overdueDraft.link;

  it('markdown: the only link is the service’s, and nothing the user typed is syntax', () => {
    expect(evil.markdown.match(/\]\(/g)).toHaveLength(1);
    expect(evil.markdown.endsWith(`[查看详情](${link})`)).toBe(true);
    const typed = evil.markdown.replace(`[查看详情](${link})`, '');
    for (const syntax of ['[', '](', '<', '>', '`', '@', 'http://', '**粗体**']) expect(typed).not.toContain(syntax);
    expect(evil.markdown).toContain(
      '**活动**：［点此领取］（http：//evil.example） ＜img src=x onerror=alert（1）＞ ＊＊粗体＊＊ ｀代码｀ ＠all ＃＃＃ 第二行',
    );
    expect(evil.markdown).toContain('**办理人**：编制人 ［张三］（http：//evil.example）（＜b＞宣传部＜/b＞）');
    // The name's line break did not start a paragraph or heading of its own.
    expect(evil.markdown.split('\n\n')).toHaveLength(renderMessage(overdueDraft).markdown.split('\n\n').length);
    expect(evil.markdown.match(/^###/gm)).toHaveLength(1);
  });

  it('html: the name is text, the only element with an href is the service’s link', () => {
    expect(evil.html).not.toMatch(/<img|<b>|onerror=alert\(1\)>/);
    expect(evil.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(evil.html).toContain('&lt;b&gt;宣传部&lt;/b&gt;');
    expect(evil.html?.match(/<a /g)).toHaveLength(1);
    expect(evil.html).toContain(`<p><a href="${link}">查看详情</a></p>`);
  });

  it('plain text (inbox, subject, e-mail text part) shows the name as typed, on one line', () => {
    expect(evil.title).toBe(`【已逾期】${evilName.replace('\n', ' ')}：总结初稿提交`);
    expect(evil.text.split('\n')[0]).toBe(`活动：${evilName.replace('\n', ' ')}`);
    expect(evil.text.split('\n')).toHaveLength(renderMessage(overdueDraft).text.split('\n').length);
  });

  it('an ordinary name renders as before: full-width forms only replace markup', () => {
    const m = renderMessage(overdueDraft);
    expect(m.markdown).toContain('**活动**：2026青年导演论坛');
    expect(m.html).toContain('<h3>【已逾期】2026青年导演论坛：总结初稿提交</h3>');
  });
});
