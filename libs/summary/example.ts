/**
 * A complete, realistic summary that passes every check with no findings at all. It is the
 * OpenAPI example and the body end-to-end tests submit, so keep its numbers consistent:
 * 420 planned (120 online + 300 offline, as registered) → 386 actual = 91.9%;
 * 200 questionnaires issued, 184 returned = 92.0%; (121 + 47) / 184 = 91.3% satisfied.
 */
import type { AttachmentKind, AttachmentRef, SummaryDocument } from './document.js';

export const EXAMPLE_CONTEXT = {
  activityName: '2026青年导演论坛',
  activityEndDate: '2026-11-20',
} as const;

export type ExampleAttachmentIds = Record<AttachmentKind, readonly string[]>;

/** Placeholders in upload order (test/e2e/attachments.test.ts uploads real files and passes their ids). */
export const EXAMPLE_ATTACHMENT_IDS: ExampleAttachmentIds = {
  photo: [
    '00000000-0000-4000-8000-000000000001',
    '00000000-0000-4000-8000-000000000002',
    '00000000-0000-4000-8000-000000000003',
    '00000000-0000-4000-8000-000000000004',
  ],
  data_table: ['00000000-0000-4000-8000-000000000005', '00000000-0000-4000-8000-000000000006'],
  media_screenshot: ['00000000-0000-4000-8000-000000000007', '00000000-0000-4000-8000-000000000008'],
  questionnaire_report: ['00000000-0000-4000-8000-000000000009'],
};

/** Numbers attachments 1..n in the required order: photos → data tables → media → questionnaire. */
export function exampleAttachments(ids: ExampleAttachmentIds = EXAMPLE_ATTACHMENT_IDS): AttachmentRef[] {
  const kinds: AttachmentKind[] = ['photo', 'data_table', 'media_screenshot', 'questionnaire_report'];
  return kinds.flatMap((kind) => ids[kind].map((attachmentId) => ({ kind, attachmentId }))).map((a, i) => ({ ...a, order: i + 1 }));
}

/** A fresh copy on every call, so a test may change it freely. */
export function exampleSummary(ids: ExampleAttachmentIds = EXAMPLE_ATTACHMENT_IDS): SummaryDocument {
  return {
    title: 'XX影视协会2026青年导演论坛活动总结\uFF082026年11月20日\uFF09',
    overview: {
      basicInfo: {
        name: '2026青年导演论坛',
        startAt: '2026-11-20T09:00:00+08:00',
        endAt: '2026-11-20T17:30:00+08:00',
        place: '协会多功能厅(主会场)及二层第一、第二会议室(分会场)',
        organizer: 'XX影视协会',
        host: 'XX影视协会青年工作委员会',
        coOrganizers: ['某某影视集团', 'XX大学电影学院'],
      },
      goals: {
        background:
          '为落实协会年度青年人才扶持计划,搭建青年导演与制片机构、网络视听平台之间的交流与合作渠道,集中研讨青年导演首部长片开发、融资与发行中的共性问题。',
        targets: [
          { indicator: '参与总人数', unit: '人', target: 420, actual: 386 },
          { indicator: '满意度(“满意”+“较满意”)', unit: '%', target: 90, actual: 91.3 },
          { indicator: '短视频播放量', unit: '次', target: 300000, actual: 412000 },
          { indicator: '促成合作意向', unit: '项', target: 5, actual: 7 },
        ],
      },
      participation: {
        staffRoles: [
          { role: '总体统筹', duty: '方案审定、嘉宾邀请与对外协调', headcount: 2 },
          { role: '会务组', duty: '签到引导、场地布置、茶歇与物资管理', headcount: 8 },
          { role: '宣传组', duty: '新闻稿撰写、短视频剪辑、抖音与视频号直播运营', headcount: 4 },
          { role: '技术保障组', duty: '直播推流、音视频设备与网络保障', headcount: 3 },
        ],
        members: { online: 60, offline: 150 },
        guests: { online: 0, offline: 32 },
        audience: { online: 48, offline: 96 },
        keyOrganisations: ['某某影视集团', '某某网络视听平台', 'XX大学电影学院', '入围“青年导演扶持计划”的12位青年导演'],
      },
    },
    execution: {
      preparation: {
        plan: '10月15日完成论坛方案:开幕式、主旨演讲、3个分论坛、项目推介会与闭幕式共7个环节;预算18.6万元,经秘书处审核。',
        budgetYuan: 186000,
        resources:
          '场地:协会多功能厅(300座)及2间分会场;物资:同传设备40套、签到系统、宣传物料;宣传渠道:协会官网、微信公众号、抖音、视频号及3家合作媒体。',
        riskPlans: [
          '直播中断:备用推流线路与4G聚合路由器,5分钟内切换',
          '嘉宾临时缺席:每个分论坛预留1名替补发言人,并准备线上连线通道',
          '人员密集:制定疏散路线,现场配备2名安保人员和医疗箱',
        ],
      },
      implementation: {
        segments: [
          { segment: '开幕式', plannedMinutes: 30, actualMinutes: 35 },
          { segment: '主旨演讲', plannedMinutes: 60, actualMinutes: 70 },
          { segment: '分论坛一:剧本开发', plannedMinutes: 90, actualMinutes: 90 },
          { segment: '分论坛二:青年导演与平台', plannedMinutes: 90, actualMinutes: 105 },
          { segment: '分论坛三:技术与制作', plannedMinutes: 90, actualMinutes: 80 },
          { segment: '项目推介会', plannedMinutes: 120, actualMinutes: 125 },
          { segment: '闭幕式', plannedMinutes: 20, actualMinutes: 15 },
        ],
        onSiteManagement:
          '设签到、引导、应急三个岗位,全天秩序良好;14:20第二会议室短时超员,启用备用座椅并引导部分观众至主会场观看直播,未发生安全事件。',
        technicalSupport: '抖音、视频号双平台直播约7小时,卡顿2次、累计中断约3分钟,均由备用线路恢复;同传与投屏设备运行正常。',
      },
      closing: {
        inventoryReturn: '11月21日完成物资清点,租赁的同传设备40套、无线话筒12支全部归还,无损耗。',
        expenseSettlement: { budgetYuan: 186000, actualYuan: 179640.5 },
        feedbackCollection: '现场扫码电子问卷发放200份、回收184份;会后电话访谈会员15人、嘉宾6人。',
      },
    },
    effectiveness: {
      quantitative: {
        participation: { planned: 420, actual: 386, statedRate: 91.9 },
        satisfaction: { responses: 184, satisfied: 121, fairlySatisfied: 47, statedRate: 91.3 },
        questionnaire: { issued: 200, returned: 184, statedRate: 92 },
        mediaExposure: { tvReports: 2, webReports: 18, shortVideoPlays: 412000, topicReads: 1580000 },
      },
      qualitative: {
        industryImpact:
          '3家制片机构与入围青年导演达成7项合作意向,其中2个项目进入剧本孵化;分论坛形成《青年导演首作扶持建议》初稿,提交理事会讨论。',
        socialValue: '直播及回放覆盖线上观众逾40万人次;面向高校学生开放60个免费席位,普及影视创作与行业规范知识。',
        memberFeedback: '会员普遍认可项目推介会形式,建议增加一对一洽谈时间;部分会员反映分论坛二讨论时间不足、线上提问响应较慢。',
      },
    },
    lessons: {
      highlights: [
        { practice: '“线上+线下”联动:主会场直播同步开放线上提问,线上参与108人', replicable: true },
        { practice: '项目推介会采用“导演陈述5分钟+制片人点评3分钟”的固定节奏,全程基本不超时', replicable: true },
        { practice: '特色环节“青年导演工作坊”:资深导演现场点评3部入围短片', replicable: false },
      ],
      problems: [
        { description: '宣传触达不足:抖音平台投放量仅完成计划的50%,短视频预热期仅5天', kind: 'weakness' },
        { description: '分论坛二实际用时105分钟,超出计划15分钟,导致项目推介会推迟开始', kind: 'weakness' },
        { description: '线上提问响应慢:直播间共收到提问126条,现场仅回应18条', kind: 'weakness' },
        { description: '受11月中旬寒潮影响,2位外地嘉宾航班取消,改为线上连线', kind: 'constraint' },
      ],
    },
    improvements: {
      suggestions: [
        {
          measure: '下届论坛提前30天启动短视频预热,抖音、视频号投放量按周跟踪,完成率低于80%时追加投放',
          responsibleDepartment: 'publicity',
          coordinatingDepartment: 'member_services',
          deadline: '2027-03-31',
          resourceNeeds: '短视频投放专项经费2万元;对接2家合作媒体资源',
        },
        {
          measure: '每个分论坛增设1名专职主持人兼计时员,超时5分钟即提示收尾,分组讨论时间按议题数分配',
          responsibleDepartment: 'training',
          deadline: '2027-01-15',
          resourceNeeds: '邀请3名行业主持人,劳务费约6000元',
        },
        {
          measure: '设立线上提问审核小组(2人),直播中每30分钟集中回应一次线上提问',
          responsibleDepartment: 'publicity',
          coordinatingDepartment: 'admin',
          deadline: '2026-12-31',
          resourceNeeds: '无需新增经费,从宣传部、行政部各抽调1人',
        },
      ],
    },
    attachments: exampleAttachments(ids),
    compiler: { name: '张晓', department: 'publicity' },
  };
}
