// Reports (统计报告): the dashboard of the year's figures. The figures' own names come from the
// server with each figure (one dictionary for screen, workbook and summary); these are the
// screen's words around them. Merged into the main tables by `mergeMessages` (./merge.ts).
const reportsZhCN = {
  reports: {
    title: '统计报告',
    intro: '本年度（或季度）各项人才工作的数字，均来自系统记录；可下载工作簿或打印。',
    year: '年度',
    quarter: '季度',
    wholeYear: '全年',
    quarterN: '第{n}季度',
    download: '下载工作簿',
    print: '打印',
    generatedAt: '数据读取时间：{when}（北京时间）',
    month: '{n}月',
    batchNo: '第{n}批',
    none: '本期无记录',
    trendTitle: '月度趋势：注册人才与就业意向',
    policyTitle: '各项补贴获批与发放金额（元）',
    batchTitle: '补助发放批次金额（元）',
    fairsTitle: '现场招聘会',
    batchesTitle: '补助发放批次',
    groups: {
      talents: '人才与用人单位',
      fairs: '现场招聘会',
      internships: '实习实训',
      subsidies: '人才补贴',
      allowances: '补助发放',
      payouts: '资金代发',
    },
    series: {
      registrations: '注册人才',
      intents: '就业意向',
      awarded: '获批金额',
      paid: '发放金额',
      batchTotal: '批次金额',
    },
    units: {
      person: '人',
      enterprise: '家',
      item: '个',
      fair: '场',
      batch: '批',
      fen: '元',
    },
    columns: {
      fair: '招聘会',
      when: '举办时间',
      enterprises: '参会企业',
      positions: '岗位',
      signedUp: '报名',
      checkedIn: '入场',
      intents: '就业意向',
      policy: '政策',
      batch: '批次',
      recipients: '人数',
      amount: '金额（元）',
    },
  },
}

export default reportsZhCN
export type ReportMessages = typeof reportsZhCN
