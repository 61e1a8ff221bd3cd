/**
 * Personal data in free Chinese text (R-13.2.3: "member personal data" is confidential whatever
 * field it was typed into): mainland mobile and landline numbers, resident ID numbers, e-mail
 * addresses, and the names written next to them. Pure and deterministic.
 *
 * Precision matters both ways: a summary is full of dates (2026-11-20), amounts (12,000元), counts,
 * years and document numbers (协会发〔2026〕12号) that must stay readable, so every number pattern is
 * anchored on digit boundaries and shaped like the real thing (mobile prefixes 13–19, area codes
 * starting with 0, ID birth dates and check digits).
 */

export const REDACTED = '【已隐去】';

/** Stands for a removed datum while names next to it are looked for; never in real text. */
const MARK = '\u0000';

// Not glued to a longer run of digits or letters (a serial number, a product code).
const B = '(?<![0-9A-Za-z_-])';
const E = '(?![0-9A-Za-z_])(?!-\\d)';

const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9-])/g;

/** 18-character resident ID: area, birth date YYYYMMDD, sequence, check digit (0-9 or X). */
const ID18 = new RegExp(`${B}[1-9]\\d{5}(?:18|19|20)\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])\\d{3}[\\dXx]${E}`, 'g');
/** 15-digit resident ID (issued before 1999): area, YYMMDD, sequence. */
const ID15 = new RegExp(`${B}[1-9]\\d{5}\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])\\d{3}${E}`, 'g');

/** 11-digit mobile 1[3-9]x, optionally +86 / 0086 / (+86), grouped 3-4-4 with spaces or dashes. */
const MOBILE = new RegExp(`${B}(?:(?:[(（]\\s*)?(?:\\+|00)86(?:\\s*[)）])?[\\s-]?)?1[3-9]\\d(?:[\\s-]?\\d{4}){2}${E}`, 'g');

/** Landline with its area code: 010-12345678, (0755)8888 6666, 0571 8765432, with 转/ext/- extension. */
const LANDLINE = new RegExp(
  `${B}(?:(?:\\+|00)86[\\s-]?)?(?:[(（]0\\d{2,3}[)）]\\s?|0\\d{2,3}[\\s-])(?:\\d{7,8}|\\d{3,4}[\\s-]\\d{4})` +
    `(?:\\s?(?:转|分机|ext\\.?|-)\\s?\\d{1,6})?${E}`,
  'gi',
);

/** A number after a telephone label, with or without area code: 电话：88889999, 传真 6543 2100. */
const LABELLED_NUMBER =
  /((?:联系)?电话|座机|固话|传真|手机号?|tel|phone|fax)(\s*(?:号码)?\s*[:：]?\s*)([+(（]?\d[\d\s()（）-]{5,18}\d)(?![\d])/gi;

/** A run that reads as a number after an ID label even when its check digit is wrong. */
const LABELLED_ID = /(身份证(?:号码|号)?|证件号(?:码)?)(\s*[:：]?\s*)([0-9]{14,17}[0-9Xx])(?![0-9A-Za-z])/g;

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The GB 11643 check digit of an 18-character resident ID is right. */
export function validResidentId18(id: string): boolean {
  if (!/^\d{17}[\dXx]$/.test(id)) return false;
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  return ID_CHECK[sum % 11] === id[17]!.toUpperCase();
}

// ── names ──────────────────────────────────────────────────────────────────────────────────

/** Common single and compound surnames: a name without a label is only taken when it starts with one. */
const SURNAMES_1 = new Set(
  (
    '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范' +
    '金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪' +
    '庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕' +
    '屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫' +
    '寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝'
  ).split(''),
);
const SURNAMES_2 = ['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '夏侯', '令狐', '端木'];
const HONORIFIC = /^(.{1,2}?)(老师|女士|先生|同志|经理|主任|部长|秘书)$/;
/** Words a run of characters before a number often ends with that are not names. */
const NOT_A_NAME =
  /致电|拨打|联系|咨询|热线|电话|手机|邮箱|号码|方式|座机|传真|微信|详询|报名|如下|以下|方面|单位|地址|前台|总机|值班|办公室|秘书处|服务台|客服|热线/;
/** An organisation a label's value may start with (会务组李娜): the name is what follows it. */
const ORGANISATION_PREFIX = /^(.*(?:部|处|室|组|科|中心|委员会|公司|集团|学院|大学|协会|平台|单位))?(.*)$/;

const CJK = '[\\u4e00-\\u9fff]';
/** What may stand between a name and its datum: spaces, a colon, an opening bracket, a contact label. */
const CONTACT_LABEL = '(?:联系电话|电话|手机号码|手机号|手机|座机|固话|电子邮箱|邮箱|电邮|e-?mail|身份证号码|身份证号|身份证)';
const BETWEEN = `\\s*[，,、]?\\s*[(（]?\\s*(?:${CONTACT_LABEL}\\s*)?[:：]?\\s*`;
const NAME_BEFORE = new RegExp(`(${CJK}{2,})(${BETWEEN})${MARK}`, 'gi');
const NAME_AFTER = new RegExp(`${MARK}(\\s*[(（]\\s*)(${CJK}{2,4})(\\s*[)）])`, 'g');
const PERSON_LABEL = '(?:联系人|联络人|对接人|负责人|经办人|报名人|申请人|姓名)';
const LABELLED_NAME = new RegExp(
  `(${PERSON_LABEL}\\s*[:：]?\\s*)(${CJK}{2,12}?|${CJK}{1,3}·${CJK}{1,6})(?=[\\s,，、;；:：()（）/]|${CONTACT_LABEL}|${MARK}|$)`,
  'gi',
);

/** The name a run of characters ends with, if it plausibly ends with one (张三, 会务组李娜 → 李娜, 王老师). */
function trailingName(run: string): string | null {
  for (const len of [4, 3, 2]) {
    const tail = run.slice(-len);
    if (tail.length < len || NOT_A_NAME.test(tail)) continue;
    const honorific = HONORIFIC.exec(tail);
    if (honorific && startsWithSurname(honorific[1]!)) return tail;
    if (len === 4 && !SURNAMES_2.some((s) => tail.startsWith(s))) continue;
    if (startsWithSurname(tail)) return tail;
  }
  return null;
}

function startsWithSurname(s: string): boolean {
  return SURNAMES_2.some((c) => s.startsWith(c) && s.length > c.length) || (SURNAMES_1.has(s[0]!) && s.length >= 1);
}

// ── the whole pass ─────────────────────────────────────────────────────────────────────────

/**
 * `text` with every personal datum, and the names next to them, replaced by 【已隐去】. Text without
 * personal data comes back identical.
 */
export function redactText(text: string): string {
  if (!text) return text;
  let s = text.replaceAll(MARK, '');
  s = s.replace(EMAIL, MARK);
  s = s.replace(LABELLED_ID, (_m, label: string, sep: string) => `${label}${sep}${MARK}`);
  s = s.replace(ID18, (m) => (validResidentId18(m) ? MARK : m));
  s = s.replace(ID15, MARK);
  s = s.replace(MOBILE, MARK);
  s = s.replace(LANDLINE, MARK);
  s = s.replace(LABELLED_NUMBER, (m, label: string, sep: string, digits: string) =>
    digits.replace(/\D/g, '').length >= 7 ? `${label}${sep}${MARK}` : m,
  );
  if (!s.includes(MARK)) return text;
  s = redactNames(s);
  return s.replaceAll(MARK, REDACTED);
}

/** Whether `text` holds personal data redactText would remove. */
export function hasPersonalData(text: string): boolean {
  return redactText(text) !== text;
}

/** Names next to removed data, clause by clause (a name in another sentence is not "next to" it). */
function redactNames(s: string): string {
  return s
    .split(/(?<=[。；;！!？?\n])/)
    .map((clause) => {
      if (!clause.includes(MARK)) return clause;
      let c = clause.replace(LABELLED_NAME, (m, label: string, value: string) => {
        const [, organisation = '', name = ''] = ORGANISATION_PREFIX.exec(value) ?? [];
        const person = name.length >= 2 && name.length <= 4 && !NOT_A_NAME.test(name);
        return person || value.includes('·') ? `${label}${organisation}${MARK}` : m;
      });
      c = c.replace(NAME_BEFORE, (m, run: string, between: string) => {
        const name = trailingName(run);
        return name ? `${run.slice(0, run.length - name.length)}${MARK}${between}${MARK}` : m;
      });
      c = c.replace(NAME_AFTER, (m, open: string, run: string, close: string) =>
        startsWithSurname(run) && !NOT_A_NAME.test(run) ? `${MARK}${open}${MARK}${close}` : m,
      );
      return c;
    })
    .join('');
}
