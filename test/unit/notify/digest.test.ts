import { WECOM_MARKDOWN_MAX_BYTES, buildRobotRequest } from '../../../libs/notify/channels/webhook.js';
import {
  EMAIL_DIGEST_MAX_ITEMS,
  boardLink,
  renderDigest,
  renderGroupDailyDigest,
  splitDigest,
  type DigestItem,
} from '../../../libs/notify/digest.js';

const item = (n: number, over: Partial<DigestItem> = {}): DigestItem => ({
  activityId: `a-${n}`,
  activityName: `2026青年导演论坛-${n}`,
  deadlineKey: 'draft',
  kind: 'overdue',
  dueAt: `2026-10-${String(10 + (n % 20)).padStart(2, '0')}T15:59:59.999Z`,
  overdueDays: 30 - (n % 20),
  ...over,
});
const policy = { limit: 5, windowMs: 600_000 };

describe('renderDigest', () => {
  const items = Array.from({ length: 7 }, (_, i) => item(i + 1));
  const m = renderDigest({ kind: 'batch', items, publicUrl: 'https://summary.example.org/', policy });

  it('counts the items in the title and names every one of them, oldest deadline first, with the board link', () => {
    expect(m.title).toBe('【逾期汇总】新增逾期 7 项');
    expect(m.link).toBe('https://summary.example.org/board');
    expect(m.text.split('\n')).toEqual([
      '10 分钟内超过 5 条通知，以下事项合并为本条汇总发送，请尽快办理：',
      '序号. 活动｜事项｜截止日期｜逾期天数',
      ...items.map((i, n) => `${n + 1}. ${i.activityName}｜总结初稿提交｜截止 2026年10月${11 + n}日｜逾期 ${29 - n} 个工作日`),
      '逾期看板：https://summary.example.org/board',
    ]);
    for (const i of items) {
      expect(m.markdown).toContain(i.activityName);
      expect(m.html).toContain(`<a href="https://summary.example.org/activities/${i.activityId}">${i.activityName}</a>`);
    }
    expect(m.html).toContain('<th style="border:1px solid #d9d9d9;padding:4px 8px;text-align:left">逾期天数</th>');
    expect(m.markdown).toContain('[打开逾期看板](https://summary.example.org/board)');
  });

  it('counts reminders apart; a reminder is not late', () => {
    const mixed = renderDigest({
      kind: 'batch',
      items: [item(1), item(2, { kind: 'reminder', overdueDays: null })],
      publicUrl: 'https://x',
    });
    expect(mixed.title).toBe('【逾期汇总】新增逾期 1 项、即将到期 1 项');
    expect(mixed.text).toContain('｜未到期');
    expect(mixed.html).toContain('>未到期</td>');
  });

  it('shows names as typed and never as markup or links, in every format', () => {
    const evil = renderDigest({
      kind: 'batch',
      items: [item(1, { activityName: '[点此](http://evil.example) <b>x</b> **y**\n### z' })],
      publicUrl: 'https://x',
    });
    expect(evil.markdown).not.toContain('](http://evil');
    expect(evil.markdown).toContain('［点此］（http：//evil.example）');
    expect(evil.html).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(evil.text).toContain('[点此](http://evil.example) <b>x</b> **y** ### z'); // plain text: as typed, on one line
  });

  it('the daily digest names the day and its parts', () => {
    const d = renderDigest({ kind: 'daily', items, publicUrl: 'https://x', date: '2026-12-01', part: { index: 1, of: 2 } });
    expect(d.title).toBe('【每日逾期汇总】2026年12月1日 未办结逾期 7 项（1/2）');
    expect(d.text.split('\n')[0]).toBe('以下逾期事项尚未办结，请尽快办理：');
  });
});

describe('splitDigest', () => {
  const many = Array.from({ length: 1_200 }, (_, i) => item(i, { activityName: `第${i}期青年导演论坛暨优秀短片展映交流活动` }));

  it('fits each robot message under WeCom’s 4096-byte limit, so the robot never cuts an item off', () => {
    const parts = splitDigest({ kind: 'batch', items: many, publicUrl: 'https://summary.example.org', policy }, 'wecom');
    expect(parts.length).toBeGreaterThan(20);
    expect(
      parts
        .flat()
        .map((i) => i.activityId)
        .sort(),
    ).toEqual(many.map((i) => i.activityId).sort()); // each item once
    parts.forEach((part, n) => {
      const m = renderDigest({
        kind: 'batch',
        items: part,
        publicUrl: 'https://summary.example.org',
        part: { index: n + 1, of: parts.length },
        policy,
      });
      const sent = buildRobotRequest('wecom', m, { url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k', now: new Date() });
      const content = (sent.body.markdown as { content: string }).content;
      expect(content).toBe(m.markdown); // not truncated
      expect(Buffer.byteLength(content)).toBeLessThanOrEqual(WECOM_MARKDOWN_MAX_BYTES);
      for (const i of part) expect(content).toContain(i.activityName);
    });
  });

  it('puts up to 500 items in one e-mail', () => {
    const parts = splitDigest({ kind: 'batch', items: many, publicUrl: 'https://x' }, 'email');
    expect(parts.map((p) => p.length)).toEqual([EMAIL_DIGEST_MAX_ITEMS, EMAIL_DIGEST_MAX_ITEMS, 200]);
    expect(splitDigest({ kind: 'batch', items: many.slice(0, 7), publicUrl: 'https://x' }, 'dingtalk')).toHaveLength(1);
  });
});

describe('renderGroupDailyDigest', () => {
  it('counts the open overdue items per department and deadline, busiest department first', () => {
    const m = renderGroupDailyDigest({
      date: '2026-12-01',
      publicUrl: 'https://x/',
      rows: [
        { department: '培训部', deadlineKey: 'draft', count: 1 },
        { department: '宣传部', deadlineKey: 'baseData', count: 4 },
        { department: '宣传部', deadlineKey: 'draft', count: 3 },
      ],
    });
    expect(m.title).toBe('【每日逾期汇总】2026年12月1日 未办结逾期 8 项');
    expect(m.text.split('\n')).toEqual([
      '各部门未办结的逾期事项：',
      '宣传部：7 项（基础数据收集 4、总结初稿提交 3）',
      '培训部：1 项（总结初稿提交 1）',
      `逾期看板：${boardLink('https://x/')}`,
    ]);
  });
});
