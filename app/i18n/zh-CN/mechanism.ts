// 机制说明 (/mechanism) and its admin editor (/mechanism/edit). Field labels shared with the
// validation messages stay in pipeline.mech_*; this file holds the page's own sentences. Every
// number in these sentences is a {placeholder} filled from the configuration in force.
export const mechanism = {
  title: "机制说明",
  intro:
    "本市招商引资实行“144520”工作机制。系统不对这组数字作固定解读，而是把机制落实为下列可配置的规则：项目阶段及时限、跟进频次、预警颜色、重点项目标准、问题办理时限和统计口径。系统中的预警、督办和统计均按本页所列的现行规则计算，规则由管理员调整，保存后立即生效。",
  versionLine: "现行规则：第 {version} 版",
  oldVersionLine: "第 {version} 版",
  savedAtBy: "{at} 由 {by} 保存",
  savedAt: "{at} 保存",
  systemAuthor: "系统",
  unknownAuthor: "已删除的用户",
  defaultProfile: "系统默认配置（尚未保存任何版本）",
  viewingOld: "您正在查看第 {version} 版，这是历史版本，不是现行规则。",
  backToCurrent: "查看现行规则",
  editRules: "修改规则",
  printPage: "打印本页",
  note: "变更说明：{note}",

  // 一、阶段
  stagesTitle: "一、项目阶段与时限",
  stagesIntro:
    "项目按下表阶段推进。时限按工作日计算（法定节假日不计，调休上班日计入），自进入该阶段的次日起计；未列时限的阶段不计时。",
  colOrder: "顺序",
  colStage: "阶段",
  colHalf: "所属环节",
  colLimit: "时限",
  colRequired: "进入该阶段须填写",
  colFollowUp: "须定期跟进",
  halfShort_NEGOTIATION: "洽谈",
  halfShort_LANDING: "落地",
  halfShort_EXIT: "退出",
  limitDays: "{days} 个工作日",
  noLimit: "不计时",
  nothingRequired: "—",
  stagesMoveRules:
    "向后推进时，须填写所经过的每个阶段要求的字段；退回之前的阶段、暂缓和终止须说明原因，暂缓的项目可以恢复，终止的项目不能再变更阶段。项目日期须前后一致：首谈 ≤ 签约 ≤ 开工 ≤ 建成 ≤ 投产，且不晚于当天。",

  // 二、跟进
  followUpTitle: "二、跟进频次",
  followUpKey: "重点项目：至少每 {days} 天跟进一次。",
  followUpNormal: "其他项目：至少每 {days} 天跟进一次。",
  followUpNote:
    "间隔按自然日计算，自最近一次跟进记录起算；尚无跟进记录的，自进入当前阶段起算。上表“须定期跟进”为“否”的阶段不要求定期跟进。",

  // 三、预警
  warningTitle: "三、预警颜色",
  warningBlue: "开始计时：阶段时限或跟进间隔开始计算。",
  warningYellow: "用时达到时限的 {percent}%。",
  warningYellowExample: "例如{stage}阶段时限 {limit} 个工作日，进入后第 {yellow} 个工作日起为黄色。",
  warningRed: "超过时限。",
  warningNote: "每个项目同时计算阶段时限和跟进间隔，显示两者中较严重的颜色。",

  // 四、重点项目
  keyTitle: "四、重点项目",
  keyRule: "计划投资达到{amount}及以上的项目自动列为重点项目，也可人工标记为重点项目。",
  keyCadence: "重点项目按重点项目的频次跟进，并由包抓领导牵头推进。",

  // 五、问题
  problemTitle: "五、问题交办",
  problemRule: "交办给部门的问题须在 {days} 个工作日内办结，用时达到 {percent}% 时黄色预警，超期红色预警。",

  // 六、统计口径
  countingTitle: "六、统计口径",
  countingRegion: "项目归属首报地区，只统计一次。",
  countingMinAmount: "计划投资低于{amount}的项目不纳入落地统计。",
  countingSizeBands: "签约项目按规模分档统计：{bands}。",
  countingBand: "{amount}及以上",
  countingLargeInTalks: "计划投资{amount}及以上的在谈项目逐个列报最新进展。",
  countingLanded: "认定为“落地”须同时具备：{conditions}。",
  countingLandedFree: "认定为“落地”不设附加条件。",
  landed_formalContract: "签订正式合同",
  landed_localCompany: "在本地注册企业",
  landed_start: "已开工建设",

  // 版本记录
  historyTitle: "版本记录",
  colVersion: "版本",
  colSavedAt: "保存时间",
  colSavedBy: "修改人",
  colNote: "变更说明",
  view: "查看",
  inForce: "现行",
  viewing: "正在查看",
  changesTitle: "与第 {version} 版相比的变更",
  noChanges: "与上一版本相比无变更。",
  firstVersion: "这是第一个版本。",
  change: "{label}：{before} → {after}",
  otherSetting: "其他设置 {key}",

  // 修改
  editTitle: "修改机制规则",
  editIntro: "保存后立即生效，旧版本保留可查，修改记入审计日志。时限留空表示该阶段不计时。",
  editingBase: "基于第 {version} 版修改",
  editStages: "阶段设置",
  editThresholds: "跟进、预警与重点项目",
  editCounting: "统计口径",
  limitPlaceholder: "不计时",
  exitNoRequired: "暂缓和终止不设须填字段，须说明原因。",
  yellowPercent: "黄色预警比例（%）",
  yellowPercentHint: "用时达到时限的该比例时转为黄色预警，须大于 0 且小于 100",
  sizeBandsHint: "多个金额用逗号分隔，从小到大",
  landedRequiresFormalContract: "认定落地须签订正式合同",
  landedRequiresLocalCompany: "认定落地须在本地注册企业",
  landedRequiresStart: "认定落地须已开工",
  noteLabel: "变更说明",
  noteHint: "简要说明修改内容和依据，记入版本记录和审计日志",
  noteRequired: "请填写变更说明",
  noteTooLong: "变更说明不能超过 {max} 字",
  save: "保存并生效",
  advancedTitle: "高级：按 JSON 编辑",
  advancedHint: "直接编辑完整配置。保存时同样校验，同样需要填写变更说明。",
  saveJson: "按 JSON 保存",
  errorSummary: "有 {count} 处需要修改，请查看标红的说明。",
  notNumber: "请输入数字",
  notNumberList: "请输入用逗号分隔的数字",
  percentRange: "须大于 0 且小于 100",
  stale: "机制规则已被他人修改：您编辑的是第 {base} 版，现行为第 {current} 版。您填写的内容仍保留在表单中；核对对方的修改后再次保存，将以您的内容为准。",
  staleChanges: "对方的修改（第 {base} 版 → 第 {current} 版）",
  savedNotice: "已保存为第 {version} 版，立即生效。",
  stageLabel: "{stage}阶段",
  stageFieldLabel: "{stage}阶段 · {field}",
  yes: "是",
  no: "否",
  none: "无",
} as const;
