/**
 * Personal data in free Chinese text (R-13.2.3: "member personal data" is confidential whatever
 * field it was typed into): mainland mobile and landline numbers, resident ID numbers, e-mail
 * addresses, and the names written next to them. Pure and deterministic.
 *
 * Precision matters both ways: a summary is full of dates (2026-11-20), amounts (12,000元), counts,
 * years and document numbers (协会发〔2026〕12号) that must stay readable, so every number pattern is
 * anchored on digit boundaries and shaped like the real thing (mobile prefixes 13–19, area codes
 * starting with 0, ID birth dates and check digits).
 *
 * People type numbers every way: full-width (１３８１２３４５６７８, ＠), grouped with spaces or dashes
 * (138 1234 5678, 010—65123456), with +86/0086 and an extension (转 8021). Matching runs on a
 * normalised copy of the same length, and only the matched spans of the original are replaced.
 *
 * Not personal data, so left as written: 400/800 service numbers (a company's public hotline, never
 * a person's), short service codes (12345, 95588), and numbers that are only digits without a
 * label or the shape of a phone or ID (counts, amounts, serial numbers). A landline is redacted
 * whatever its label: an office's number cannot be told from a person's desk line.
 *
 * Two modes over the same detection (one desensitizer, R-13.2.3 and ):
 *  - `redactText` for controlled reads: every datum and the name next to it becomes 【已隐去】;
 *  - `maskText` for publication (the member digest, the public short version): the text stays
 *    readable and each datum keeps only what cannot identify a person —
 *      mobile 138****5678 (first 3 and last 4 of the 11 digits; +86 and grouping kept as typed),
 *      landline 010-****3456 (area code and last 4 digits of the local number; an extension ***),
 *      resident ID 110105********1234 (area code and last 4),
 *      e-mail w***@163.com (first character of the mailbox, then *** whatever its length; the domain kept),
 *      a name 某某, its title kept (王小明 → 某某, 李老师 → 某某老师, 主任王磊 → 主任某某).
 *    The surname is not kept: with the last four digits of a phone a surname narrows a member
 *    down in a small association, and "某某" is what the issue asks for.
 */

export const REDACTED = '【已隐去】';

/** What masking puts in place of a name (its title stays). */
export const MASKED_NAME = '某某';

/**
 * A removed datum is overwritten in place, character for character, by its kind's mark and then
 * FILL: the text keeps its length, so spans found in the normalised copy map back onto the
 * original, whose characters are kept wherever nothing matched. None of these control characters
 * occurs in real text (they are dropped from a text that has personal data).
 */
const KIND_MARKS = { email: '\u0002', phone: '\u0003', id: '\u0004', name: '\u0005' } as const;
type DatumKind = keyof typeof KIND_MARKS;
const KIND_OF_MARK = new Map<string, DatumKind>(Object.entries(KIND_MARKS).map(([k, m]) => [m, k as DatumKind]));
/** Any kind's mark, as a regular expression class. */
const MARK = '[\\u0002-\\u0005]';
const HAS_MARK = /[\u0002-\u0005]/;
const FILL = '\u0001';
const markAs = (kind: DatumKind) => (datum: string) => KIND_MARKS[kind] + FILL.repeat(datum.length - 1);
const markEmail = markAs('email');
const markPhone = markAs('phone');
const markId = markAs('id');
const markName = markAs('name');

/** One character for one: full-width forms (１３８, ＠, ＋, （, Ｘ) as ASCII, the ideographic space as a space, every dash as a hyphen. */
function normalise(text: string): string {
  return text.replace(/[\uff01-\uff5e\u3000\u2010-\u2015\u2212\ufe58\ufe63]/g, (c) => {
    const code = c.charCodeAt(0);
    if (code >= 0xff01) return String.fromCharCode(code - 0xfee0);
    return code === 0x3000 ? ' ' : '-';
  });
}

// Every pattern below reads the normalised copy: its ASCII brackets, colons and commas stand for the full-width ones too.

// Not glued to a longer run of digits or letters (a serial number, a product code).
const B = '(?<![0-9A-Za-z_-])';
const E = '(?![0-9A-Za-z_])(?!-\\d)';

const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9-])/g;

/** 18-character resident ID: area, birth date YYYYMMDD, sequence, check digit (0-9 or X); may be grouped 6-8-4. */
const ID18 = new RegExp(`${B}[1-9]\\d{5} ?(?:18|19|20)\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01]) ?\\d{3}[\\dXx]${E}`, 'g');
/** 15-digit resident ID (issued before 1999): area, YYMMDD, sequence. */
const ID15 = new RegExp(`${B}[1-9]\\d{5}\\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])\\d{3}${E}`, 'g');

/** 11-digit mobile 1[3-9]x, optionally +86 / 0086 / (+86), grouped 3-4-4 with spaces or dashes. */
const MOBILE = new RegExp(`${B}(?:(?:[(]\\s*)?(?:\\+|00)86(?:\\s*[)])?[\\s-]?)?1[3-9]\\d(?:[\\s-]?\\d{4}){2}${E}`, 'g');

/** Area code: 010-, 0755 , (010), 010—— (a Chinese dash is two); after +86 without its 0: +86 10 6512 3456. */
const AREA = '(?:\\(\\s*0\\d{2,3}\\s*\\)\\s?|0\\d{2,3}(?:\\s?-{1,2}\\s?|\\s))';
const INTERNATIONAL_AREA = '(?:\\+|00)86[\\s-]?(?:\\(\\s*0?[1-9]\\d{1,2}\\s*\\)\\s?|0?[1-9]\\d{1,2}[\\s-]?)';
const EXTENSION = '(?:\\s?(?:转分机|转|分机号?|ext\\.?|x|-)\\s?\\d{1,6})?';
/** Landline with its area code: 010-12345678, (0755)8888 6666, 0571 8765432, with 转/分机/ext/- extension. */
const LANDLINE = new RegExp(`${B}(?:${INTERNATIONAL_AREA}|${AREA})(?:\\d{7,8}|\\d{3,4}[\\s-]\\d{4})${EXTENSION}${E}`, 'gi');

/** A number after a telephone label, with or without area code: 电话：88889999, 传真 6543 2100 转 12. */
const LABELLED_NUMBER = new RegExp(
  `((?:联系|办公|移动)?电话|联系方式|座机|固话|传真|手机号?|tel|phone|fax)(\\s*(?:号码)?\\s*[:]?\\s*)([+(]?\\d[\\d\\s()-]{5,18}\\d${EXTENSION})(?![\\d])`,
  'gi',
);
/** 400 and 800 numbers are a company's public service line (400-810-8888), never a person's. */
const SERVICE_NUMBER = /^(?:400|800)\d{7}$/;

/** A run that reads as a number after an ID label even when its check digit is wrong. */
const LABELLED_ID = /(身份证(?:号码|号)?|证件号(?:码)?)(\s*[:]?\s*)([0-9]{14,17}[0-9Xx])(?![0-9A-Za-z])/g;

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
const SURNAMES_2 = '欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 令狐 端木 西门 南宫 独孤 百里 呼延'.split(' ');
/** A name and the title it is addressed by (李老师, 欧阳主任, 王小明先生): all of it goes. */
const HONORIFIC =
  /^(.{1,4}?)(老师|女士|先生|小姐|同志|同学|经理|总监|主任|部长|处长|科长|院长|会长|秘书长|秘书|书记|教授|导演|律师|师傅|总|工)$/;
/** Roles and titles a name is often written right after (主任王磊, 摄影师马骁): a name never starts inside one. */
const TITLES = [
  ...['主任', '部长', '处长', '科长', '院长', '会长', '秘书长', '理事长', '组长', '队长', '社长', '总监', '经理', '主管', '老师'],
  ...['教授', '导演', '编剧', '演员', '制片人', '主持人', '会员', '嘉宾', '代表', '学员', '记者', '评委', '选手', '专家', '同学'],
  ...['同志', '志愿者', '干事', '助理', '秘书', '律师', '讲师', '摄影师', '设计师', '工程师', '化妆师', '负责人', '联系人', '对接人'],
];
/** Everyday words that start with a surname character (司机, 项目组, 安全保卫): never part of a name. */
const COMMON_WORDS = [
  ...['司机', '司仪', '车队', '车辆', '项目', '安保', '安全', '安排', '全体', '全程', '全部', '文印', '文件', '文化', '成员', '成本'],
  ...['应急', '方案', '高校', '高铁', '常务', '管理', '关于', '金额', '时间', '小时', '程序', '路演', '党建', '党委', '卫生', '商务'],
  ...['沙龙', '曲目', '景区', '包装', '余额', '费用', '宣传', '席位', '宁波', '华语', '康复', '邮寄', '连线'],
];
/** Words a run of characters before a number often ends with that are not names. */
const NOT_A_NAME =
  /致电|拨打|联系|咨询|热线|电话|手机|邮箱|号码|方式|座机|传真|微信|详询|报名|人数|如下|以下|方面|单位|地址|前台|总机|值班|办公室|秘书处|服务台|客服/;
/** An organisation a label's value may start with (会务组李娜): the name is what follows it. */
const ORGANISATION_PREFIX = /^(.*(?:部|处|室|组|科|中心|委员会|公司|集团|学院|大学|协会|平台|单位))?(.*)$/;

const CJK = '[\\u4e00-\\u9fff]';
/** What may stand between a name and its datum: spaces, a colon, an opening bracket, a contact label (的手机号是). */
const CONTACT_LABEL =
  '(?:(?:联系|办公|移动)电话|电话|联系方式|手机号码|手机号|手机|座机|固话|传真|电子邮箱|邮箱|电邮|e-?mail|身份证号码|身份证号|身份证)';
const BETWEEN = `\\s*[,、]?\\s*[(]?\\s*(?:的?\\s*${CONTACT_LABEL}\\s*(?:是|为)?\\s*)?[:]?\\s*`;
/**
 * The run before a datum: its last 12 characters at most (a name with its title is 6, a word cut
 * through needs 3 more); unbounded, every start in a long paragraph would rescan it to its end.
 */
const NAME_BEFORE = new RegExp(`(${CJK}{2,12}?)(${BETWEEN})(${MARK})`, 'gi');
const NAME_AFTER = new RegExp(`(${MARK}${FILL}*\\s*[(]\\s*)(${CJK}{2,6})(?=\\s*[)])`, 'g');
const PERSON_LABEL = '(?:联系人|联络人|对接人|负责人|经办人|报名人|申请人|姓名)';
const LABELLED_NAME = new RegExp(
  `(${PERSON_LABEL}\\s*[:]?\\s*)(${CJK}{2,12}?|${CJK}{1,3}·${CJK}{1,6})(?=[\\s,、;:()/]|${CONTACT_LABEL}|${MARK}|$)`,
  'gi',
);

/** The name a run of characters ends with, if it plausibly ends with one (张三, 会务组李娜 → 李娜, 王老师, 主任王磊 → 王磊). */
function trailingName(run: string): string | null {
  for (let len = Math.min(run.length, 6); len >= 2; len--) {
    const tail = run.slice(-len);
    if (NOT_A_NAME.test(tail) || cutsThroughWord(run, run.length - len)) continue;
    const honorific = HONORIFIC.exec(tail);
    if (honorific && isBareName(honorific[1]!)) return tail;
    if (len <= 4 && isBareName(tail)) return tail;
  }
  return null;
}

/** 2–3 characters from a single surname, 3–4 from a compound one, or 小王 / 老李. */
function isBareName(s: string): boolean {
  if (TITLES.includes(s) || COMMON_WORDS.some((w) => s.includes(w))) return false;
  if (SURNAMES_2.some((c) => s.startsWith(c))) return s.length >= 2 && s.length <= 4;
  if (s.length === 4) return false;
  if (s.length === 1) return SURNAMES_1.has(s);
  return SURNAMES_1.has(s[0]!) || (s.length === 2 && /^[小老]/.test(s) && SURNAMES_1.has(s[1]!));
}

/** A known word straddles position `at` of `run` (主任|王磊 is fine, 主|任王磊 is not). */
function cutsThroughWord(run: string, at: number): boolean {
  return [...TITLES, ...COMMON_WORDS].some((w) => {
    for (let i = run.indexOf(w); i !== -1; i = run.indexOf(w, i + 1)) if (i < at && i + w.length > at) return true;
    return false;
  });
}

// ── the whole pass ─────────────────────────────────────────────────────────────────────────

type Mode = 'redact' | 'mask';

/**
 * `text` with every personal datum, and the names next to them, replaced by 【已隐去】. Text without
 * personal data comes back identical.
 */
export function redactText(text: string): string {
  return desensitize(text, 'redact');
}

/**
 * `text` for publication: every personal datum masked (138****5678, 010-****3456,
 * 110105********1234, w***@163.com) and the names next to them 某某, everything else exactly as
 * written. Text without personal data comes back identical; masked text masks to itself.
 */
export function maskText(text: string): string {
  return desensitize(text, 'mask');
}

/** Whether `text` holds personal data redactText would remove. */
export function hasPersonalData(text: string): boolean {
  return redactText(text) !== text;
}

function desensitize(text: string, mode: Mode): string {
  if (!text) return text;
  const original = text.replace(/[\u0001-\u0005]/g, '');
  const normalised = normalise(original);
  let s = normalised.replace(EMAIL, markEmail);
  s = s.replace(LABELLED_ID, (_m, label: string, sep: string, id: string) => `${label}${sep}${markId(id)}`);
  s = s.replace(ID18, (m) => (validResidentId18(m.replaceAll(' ', '')) ? markId(m) : m));
  s = s.replace(ID15, markId);
  s = s.replace(MOBILE, markPhone);
  s = s.replace(LANDLINE, markPhone);
  s = s.replace(LABELLED_NUMBER, (m, label: string, sep: string, number: string) => {
    const digits = number.replace(/\D/g, '');
    return digits.length >= 7 && !SERVICE_NUMBER.test(digits) ? `${label}${sep}${markPhone(number)}` : m;
  });
  if (!HAS_MARK.test(s)) return text;
  s = redactNames(s);
  let out = '';
  for (let i = 0; i < s.length;) {
    const kind = KIND_OF_MARK.get(s[i]!);
    if (!kind) {
      out += original[i];
      i++;
      continue;
    }
    let end = i + 1;
    while (s[end] === FILL) end++;
    out += mode === 'redact' ? REDACTED : MASKERS[kind](original.slice(i, end), normalised.slice(i, end));
    i = end;
  }
  return out;
}

/** Names next to removed data, clause by clause (a name in another sentence is not "next to" it). */
function redactNames(s: string): string {
  return s
    .split(/(?<=[。;!?\n])/)
    .map((clause) => {
      if (!HAS_MARK.test(clause)) return clause;
      let c = clause.replace(LABELLED_NAME, (m, label: string, value: string) => {
        const [, organisation = '', name = ''] = ORGANISATION_PREFIX.exec(value) ?? [];
        if (value.includes('·')) return `${label}${markName(value)}`;
        return name.length >= 2 && name.length <= 4 && !NOT_A_NAME.test(name) ? `${label}${organisation}${markName(name)}` : m;
      });
      c = c.replace(NAME_BEFORE, (m, run: string, between: string, datum: string) => {
        const name = trailingName(run);
        return name ? `${run.slice(0, run.length - name.length)}${markName(name)}${between}${datum}` : m;
      });
      c = c.replace(NAME_AFTER, (m, before: string, run: string) => (trailingName(run) === run ? `${before}${markName(run)}` : m));
      return c;
    })
    .join('');
}

// ── masks ──────────────────────────────────────────────────────────────────────────────────
// Each masker gets the datum as typed and its normalised twin (same length: ASCII digits, `-`).

const MASK = '*';

/** The datum as typed, with the characters at the positions `hide` picks replaced by `*`. */
function maskPositions(original: string, hide: (i: number) => boolean): string {
  return [...original].map((c, i) => (hide(i) ? MASK : c)).join('');
}

/** Indexes of the digits (and an ID's X) of a normalised datum. */
const digitIndexes = (normalised: string, pattern = /\d/) => [...normalised].flatMap((c, i) => (pattern.test(c) ? [i] : []));

/** Area codes of three digits (010 Beijing, 02x the big cities); all others have four. */
const areaCodeLength = (digits: string) => (/^0(?:10|2\d)/.test(digits) ? 3 : 4);

/**
 * Mobile: 3 + **** + 4 of the 11 digits. Landline: the area code, then the local number's digits
 * but its last 4 hidden, an extension hidden whole. The country code (+86, 0086) is kept.
 */
function maskPhone(original: string, normalised: string): string {
  const extension = /(?:转分机|转|分机号?|ext\.?|x)\s?(\d{1,6})$/i.exec(normalised);
  const main = extension ? normalised.slice(0, extension.index) : normalised;
  const all = digitIndexes(main);
  const country = /^\s*\(?\s*(\+|00)86/.exec(main);
  const national = country ? all.slice(country[1] === '+' ? 2 : 4) : all;
  const digits = national.map((i) => main[i]).join('');
  let keep: Set<number>;
  if (/^1[3-9]\d{9}$/.test(digits)) {
    keep = new Set([...national.slice(0, 3), ...national.slice(-4)]);
  } else {
    // After +86 an area code drops its 0: 10 8888 6666.
    const area = digits.startsWith('0') ? areaCodeLength(digits) : country ? areaCodeLength(`0${digits}`) - 1 : 0;
    keep = new Set([...national.slice(0, area), ...national.slice(-4)]);
  }
  const hidden = new Set([
    ...national.filter((i) => !keep.has(i)),
    ...(extension ? digitIndexes(normalised).filter((i) => i >= main.length) : []),
  ]);
  return maskPositions(original, (i) => hidden.has(i));
}

/** Resident ID: the 6-digit area code and the last 4 characters; the birth date and sequence hidden. */
function maskId(original: string, normalised: string): string {
  const chars = digitIndexes(normalised, /[\dXx]/);
  const hidden = new Set(chars.slice(6, -4));
  return maskPositions(original, (i) => hidden.has(i));
}

/** E-mail: the mailbox's first character, then *** whatever its length; the domain as typed. */
function maskEmail(original: string, normalised: string): string {
  const at = normalised.indexOf('@');
  return `${original.slice(0, 1)}${MASK.repeat(3)}${original.slice(at)}`;
}

/** A name: 某某, its title kept (李老师 → 某某老师); a labelled name with · (阿依古丽·买买提) whole. */
function maskName(original: string): string {
  const honorific = HONORIFIC.exec(original);
  return honorific && isBareName(honorific[1]!) ? `${MASKED_NAME}${honorific[2]}` : MASKED_NAME;
}

const MASKERS: Record<DatumKind, (original: string, normalised: string) => string> = {
  email: maskEmail,
  phone: maskPhone,
  id: maskId,
  name: maskName,
};
