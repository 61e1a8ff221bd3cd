/**
 * personal data in free text: a corpus of realistic lines from activity summaries, each
 * with exactly what a reader other than management must see. Negatives (dates, amounts, counts,
 * years, document numbers, serial numbers) must come back unchanged.
 *
 * Full-width forms (１３８…, ＠, ：) and Chinese dashes are matched like their ASCII twins, while every
 * character that is not personal data comes back exactly as typed.
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
  // Full-width digits and signs, numbers grouped with spaces or dashes, +86 / 0086.
  ['会务联系人：张三，手机：１３８１２３４５６７８', `会务联系人：${R}，手机：${R}`],
  ['报名请联系王老师　１３９　１２３４　５６７８', `报名请联系${R}\u3000${R}`],
  ['欧阳娜娜 138-1234-5678 负责嘉宾接待', `${R} ${R} 负责嘉宾接待`],
  ['诸葛明 +86 139 1234 5678', `${R} ${R}`],
  ['司马主任：0086 13712345678', `${R}：${R}`],
  ['上官婉儿 19912345678', `${R} ${R}`],
  // Landlines: area code in brackets, a Chinese dash, +86 without the 0, extensions, no area code after a label.
  ['办公室电话：(010) 6512 3456 转 8021', `办公室电话：${R}`],
  ['传真 010—65123456', `传真 ${R}`],
  ['电话 ０１０——６５１２３４５６', `电话 ${R}`],
  ['总机 +86 10 8888 6666 转 201（赵主任）', `总机 ${R}（${R}）`],
  ['紧急联系人 欧阳老师 ０１０－６５１２３４５６', `紧急联系人 ${R} ${R}`],
  ['联系电话：６５１２　３４５６', `联系电话：${R}`],
  // Resident IDs: lowercase x, full-width, grouped 6-8-4.
  ['获奖者身份证：11010519491231002x', `获奖者身份证：${R}`],
  ['领奖人身份证号：１１０１０５１９４９１２３１００２Ｘ', `领奖人身份证号：${R}`],
  ['学员身份证号 440524 18800101 0014 已核验', `学员身份证号 ${R} 已核验`],
  // E-mail with a full-width ＠ or ．.
  ['回执请发至 li.hua＠film-assoc.org.cn（李华）', `回执请发至 ${R}（${R}）`],
  ['宣传部王磊，邮箱：wanglei＠163．com', `宣传部${R}，邮箱：${R}`],
  // Names without a label, with honorifics, after a title; words that are not names stay.
  ['张三 13812345678', `${R} ${R}`],
  ['联系人:王小明(13812345678)', `联系人:${R}(${R})`],
  ['李老师 电话 010-65123456', `${R} 电话 ${R}`],
  ['签到台刘女士（手机 13512345678）', `签到台${R}（手机 ${R}）`],
  ['主任王磊 13812345678 负责场地', `主任${R} ${R} 负责场地`],
  ['摄影师马骁（13612345678）', `摄影师${R}（${R}）`],
  ['王小明的手机号是13812345678', `${R}的手机号是${R}`],
  ['请找小李，电话 18612345678', `请找${R}，电话 ${R}`],
  ['13812345678（王小明老师）', `${R}（${R}）`],
  ['对接人：东方明珠影业 李娜 138 0000 1111', `对接人：东方明珠影业 ${R} ${R}`],
  ['司机 13812345678 负责接站', `司机 ${R} 负责接站`],
  ['项目组 13912345678', `项目组 ${R}`],
  ['报名人数 1380，咨询王老师 13812345678', `报名人数 1380，咨询${R} ${R}`],
  ['热线电话 400-810-8888，值班经理张伟 13812345678', `热线电话 400-810-8888，值班经理${R} ${R}`],
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
  // Full-width dates, amounts, counts, percentages and Chinese dashes are not phone numbers.
  '２０２６年１１月２０日在协会多功能厅举行',
  '活动时间 2026—11—20 至 2026—11—22',
  '预算１２，０００元，实际支出１１，６５０元',
  '参会人数：１３８０人，满意度９２．５％',
  '开幕式 09:30－10:40，闭幕式 16:00～16:30',
  '参与率 86%，较 2025 年提高 12.5 个百分点',
  // Document, member and order numbers.
  '文件编号 FK-2026-031',
  '依据FK-2026-031号文件，预算 138,000 元',
  '会员编号 M20261120001',
  '票务订单号 1381234567890123',
  // 400/800 numbers and short service codes are public lines, not a person's.
  '热线电话 400-810-8888',
  '全国客服热线：4008108888（工作日 9:00—18:00）',
  '服务电话 800-820-8820',
  '拨打12345政务服务热线反映问题2次',
  // Words next to numbers that are not phone numbers: no name is looked for.
  '报名人数 1380',
  '电话会议 3 次，累计时长 120 分钟',
  '手机直播观看 1380 人次',
  '座机 2 部、手机 15 部已归还',
  '邮件服务器 mail.film-assoc.org.cn 已升级',
  // A name without contact details next to it is not personal data here (a host, a speaker).
  '主持人：王小明，嘉宾：李华',
];

describe('redactText: a corpus of Chinese summary lines', () => {
  it('has at least 80 lines, positives and negatives', () => {
    expect(POSITIVES.length + NEGATIVES.length).toBeGreaterThanOrEqual(80);
    expect(POSITIVES.length).toBeGreaterThanOrEqual(40);
    expect(NEGATIVES.length).toBeGreaterThanOrEqual(40);
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
