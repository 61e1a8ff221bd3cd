/**
 * personal data in free text: a corpus of realistic lines from activity summaries, each
 * with exactly what a reader other than management must see. Negatives (dates, amounts, counts,
 * years, document numbers, serial numbers) must come back unchanged.
 */
import { REDACTED as R, hasPersonalData, redactText, validResidentId18 } from '../../../libs/redaction/index.js';

/** [line, expected]: the expected text after redaction. */
const POSITIVES: ReadonlyArray<readonly [string, string]> = [
  ['联系人：张三 13812345678', `联系人：${R} ${R}`],
  ['联系人张三13812345678', `联系人${R}${R}`],
  ['会务联系人：李娜，手机：139-1234-5678', `会务联系人：${R}，手机：${R}`],
  ['如有疑问请联系王小明（手机：15012345678）', `如有疑问请联系${R}（手机：${R}）`],
  ['报名咨询：陈老师 186 1234 5678', `报名咨询：${R} ${R}`],
  ['负责人：刘洋，电话：010-65123456', `负责人：${R}，电话：${R}`],
  ['现场负责人宣传部赵敏，手机13512345678', `现场负责人宣传部${R}，手机${R}`],
  ['紧急联络：+86 138-0013-8000（周杰）', `紧急联络：${R}（${R}）`],
  ['嘉宾接待：欧阳娜娜，电话+8613700137000。', `嘉宾接待：${R}，电话${R}。`],
  ['场地协调张伟，13611112222', `场地协调${R}，${R}`],
  ['联系电话：(0755)8888 6666', `联系电话：${R}`],
  ['办公室座机 021-64321234转806', `办公室座机 ${R}`],
  ['传真：0571-87654321', `传真：${R}`],
  ['咨询电话：88886666', `咨询电话：${R}`],
  ['会员孙丽（身份证号110101199003071234）报名参加', `会员${R}（身份证号${R}）报名参加`],
  ['获奖者身份证号码：11010519491231002X', `获奖者身份证号码：${R}`],
  ['旧版身份证 110105491231002 已换发', `旧版身份证 ${R} 已换发`],
  ['领奖人证件：440524188001010014', `领奖人证件：${R}`],
  ['作品请发送至 submit@film-assoc.org.cn', `作品请发送至 ${R}`],
  ['联系人：郑爽，邮箱 zheng.shuang@example.com', `联系人：${R}，邮箱 ${R}`],
  ['问卷回收邮箱：survey_2026@163.com；电话：13912340000', `问卷回收邮箱：${R}；电话：${R}`],
  ['会员何静反映线上提问无人回应，联系方式13698765432', `会员何静反映线上提问无人回应，联系方式${R}`],
  ['对接人：马骁 15800001111 / 13900002222', `对接人：${R} ${R} / ${R}`],
  ['志愿者组长黄磊 137 0000 1234 负责签到', `志愿者组长${R} ${R} 负责签到`],
  ['请将回执发送至 liming@xxfilm.cn（李明）', `请将回执发送至 ${R}（${R}）`],
  ['经办人：司马光 0086 13311112222', `经办人：${R} ${R}`],
  ['酒店协议联系人：前台 0898-88776655', `酒店协议联系人：前台 ${R}`],
  ['联系人：宣传部，电话：010-65123456', `联系人：宣传部，电话：${R}`],
  ['Tel: 010 87654321', `Tel: ${R}`],
  ['手机号：17612345678（张老师）', `手机号：${R}（${R}）`],
];

/** Lines that hold no personal data: every one must come back exactly as written. */
const NEGATIVES: readonly string[] = [
  '活动于2026-11-20在协会多功能厅举行',
  '论坛时间：2026年11月20日9:00-17:30',
  '预算12,000元，实际支出11,650.50元',
  '预算18.6万元，经秘书处审核',
  '计划参与420人，实际参与386人，参与率91.9%',
  '根据协会发〔2026〕12号文件精神组织实施',
  '依据《关于开展2026年度青年导演扶持计划的通知》（影协字〔2026〕138号）',
  '合同编号：XH-2026-0112，发票号码044031900111',
  '订单号202611201234567890已完成结算',
  '统一社会信用代码91110000MA01234567',
  '短视频播放量412000次，话题阅读量1580000次',
  '抖音平台投放量仅完成计划的50%',
  '直播约7小时，卡顿2次、累计中断约3分钟',
  '设备编号SN13812345678A已归还',
  '发放问卷200份、回收184份',
  '2026年度第3期编剧培训班共培训学员56名',
  '11月21日完成物资清点，同传设备40套全部归还',
  '会后电话访谈会员15人、嘉宾6人',
  '联系人：宣传部',
  '请各部门于2026年12月31日前报送总结',
  '分论坛二实际用时105分钟，超出计划15分钟',
  '京ICP备12345678号',
  '开幕式 09:00—09:30，主旨演讲 09:30—10:40',
  '入场人数峰值 1,200 人次，线上观看 40万+',
  '场地租金 2026-11-18 至 2026-11-20 共 3 天',
];

describe('redactText: a corpus of Chinese summary lines', () => {
  it('has at least 50 lines, positives and negatives', () => {
    expect(POSITIVES.length + NEGATIVES.length).toBeGreaterThanOrEqual(50);
    expect(POSITIVES.length).toBeGreaterThanOrEqual(25);
    expect(NEGATIVES.length).toBeGreaterThanOrEqual(25);
  });

  it.each(POSITIVES)('redacts personal data and the name next to it: %s', (line, expected) => {
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
