// Chinese names for the codes the API returns.

export const STEP_KINDS = {
  PROMOTION: "晋级",
  TRANSFER: "转岗",
  ENTRY: "入行",
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

export const DEMAND_FACTORS = {
  WORKERS: "持证技能人才",
  LOCAL_SPECIALTIES: "本地专项",
  LEAD_ENTERPRISES: "引领企业",
  INDUSTRY_SHARE: "产业就业占比",
  BASELINE: "基础需求",
};

export function baseLabel(base) {
  const kind = BASE_KINDS[base.kind] || base.kind;
  return base.level ? `${BASE_LEVELS[base.level] || base.level}${kind}` : kind;
}

export function years(n, lowerBound = false) {
  if (n === null || n === undefined) return "年限不定";
  return `${n} 年${lowerBound ? "以上" : ""}`;
}

/** A least time: "至少 4 年", or "17 年以上" when a step has no fixed period (评聘, 选拔). */
export function atLeast(n, lowerBound = false) {
  if (n === null || n === undefined) return "年限不定";
  if (n === 0 && !lowerBound) return "无需年限";
  return lowerBound ? `${n} 年以上` : `至少 ${n} 年`;
}

export function number(n) {
  return Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/\.?0+$/, "");
}
