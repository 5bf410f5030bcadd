// Chinese names for the codes the API returns, and the page's wording of numbers and dates.
// Nothing the page shows is an API code: an unknown one reads as "其他", never as English.

export const STEP_KINDS = {
  PROMOTION: "晋级",
  TRANSFER: "同级转评",
  ENTRY: "入行",
};

export const RELATION_KINDS = {
  WORK_FAMILY: "同一工种族",
  PAIR: "相关职业",
};

// The routes with no fixed period, named by the rule's code (see seeds/career_rules.yaml).
const ROUTES = [
  ["DIRECT_RECOGNITION", "直接认定"],
  ["COMPETITION", "竞赛晋级"],
  ["PRINCIPAL_BY_APPOINTMENT", "评聘"],
  ["CHIEF_BY_SELECTION", "选拔"],
];

// The educations' names are the rules' full wording; the form shows these short ones.
export const EDUCATIONS = {
  TECHNICAL_SCHOOL: "技工学校、中等职业学校毕业",
  SENIOR_TECHNICAL_SCHOOL: "高级技工学校毕业",
  TECHNICIAN_COLLEGE: "技师学院毕业",
  PREPARATORY_TECHNICIAN: "技师学院毕业并持预备技师证书",
  HIGHER_VOCATIONAL: "高等职业学校毕业",
  COLLEGE: "大专及以上毕业",
};

export const BASE_KINDS = {
  TRAINING_BASE: "培育基地",
  LEAD_ENTERPRISE: "引领企业",
  CHARACTERISTIC_VILLAGE: "特色乡村",
  PUBLIC_TRAINING_CENTRE: "公共实训基地",
  TECHNICAL_COLLEGE: "技工院校",
};

export const BASE_LEVELS = {
  PROVINCE: "省级",
  CITY: "市级",
  COUNTY: "县级",
};

export const REACHES = {
  DISTANCE: "按距离",
  ADMINISTRATIVE: "按行政区划",
};

export const DEMAND_FACTORS = {
  WORKERS: "持证技能人才",
  LOCAL_SPECIALTIES: "本地专项",
  LEAD_ENTERPRISES: "引领企业",
  INDUSTRY_SHARE: "产业就业占比",
  WORKING_AGE: "劳动年龄人口（万人）",
  NEW_SKILLED_TARGET: "年度新增技能人才目标（万人）",
  BASELINE: "基础需求",
};

// What a BAD_USER_INPUT names (extensions.argument, its last part), in the form's words.
const ARGUMENTS = {
  heldSince: "取证时间",
  yearsWorked: "从业年限",
  level: "等级",
  targetLevel: "目标等级",
  occupationId: "职业",
  targetOccupationId: "目标职业",
  education: "学历",
  nearRegionCode: "所在县",
  count: "建议数量",
  reachKm: "覆盖半径",
  regionCode: "范围",
  designation: "范围",
  industryCode: "产业",
  seriesCode: "系列",
  baseLevels: "基地级别",
  baseKinds: "资源类型",
  fromYear: "起始年份",
  toYear: "截止年份",
};

export function name(labels, code) {
  return labels[code] || "其他";
}

export function route(ruleCode) {
  const found = ROUTES.find(([prefix]) => (ruleCode || "").startsWith(prefix));
  return found ? found[1] : null;
}

export function baseLabel(base) {
  const kind = name(BASE_KINDS, base.kind);
  return base.level ? `${name(BASE_LEVELS, base.level)}${kind}` : kind;
}

export function years(n, lowerBound = false) {
  if (n === null || n === undefined) return "年限不定";
  return `${n} 年${lowerBound ? "以上" : ""}`;
}

/** A least time: "至少 4 年", or "17 年以上" when a step has no fixed period (评聘, 选拔). */
export function atLeast(n, lowerBound = false) {
  if (n === null || n === undefined || (n === 0 && lowerBound)) return "年限不定";
  if (n === 0) return "无需年限";
  return lowerBound ? `${n} 年以上` : `至少 ${n} 年`;
}

export function number(n) {
  return Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/\.?0+$/, "");
}

/** "2027-03-15" → "2027年3月15日". */
export function day(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

export function km(n) {
  return `${n < 10 ? n.toFixed(1) : Math.round(n)} 公里`;
}

/** A failed request in the user's words; the server's own message stays for developers. */
export function failure(error) {
  const what = error.argument ? ARGUMENTS[error.argument.split(".").pop()] : null;
  switch (error.code) {
    case "NETWORK":
      return "无法连接服务器，请检查网络后重试。";
    case "BAD_USER_INPUT":
      return what ? `${what}填写有误，请检查后重试。` : "输入有误，请检查后重试。";
    case "NOT_FOUND":
      return what ? `找不到所选的${what}。` : "找不到所查的内容。";
    case "QUERY_TOO_COMPLEX":
      return "这次查询过于复杂，请减少选择后重试。";
    case "STORE_UNAVAILABLE":
      return "数据库暂时不可用，请稍后再试。";
    default:
      return "查询失败，请稍后再试。";
  }
}
