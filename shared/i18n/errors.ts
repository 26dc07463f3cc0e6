import { format, type Locale } from './locale.js';

/**
 * Messages for every error code the hub can send. A user meets these in the client, so each says
 * what happened and, where there is one, what to do next.
 */
export const ERROR_MESSAGES = {
  bad_request: { 'zh-CN': '请求无效：{detail}', en: 'Invalid request: {detail}' },
  validation_failed: { 'zh-CN': '输入有误：{detail}', en: 'Invalid input: {detail}' },
  unauthenticated: { 'zh-CN': '请先登录。', en: 'Please sign in.' },
  token_expired: { 'zh-CN': '登录已过期，请重新登录。', en: 'Your session has expired. Please sign in again.' },
  token_invalid: { 'zh-CN': '登录凭证无效，请重新登录。', en: 'Your sign-in is not valid. Please sign in again.' },
  session_revoked: { 'zh-CN': '该会话已退出，请重新登录。', en: 'This session has been signed out. Please sign in again.' },
  bad_credentials: { 'zh-CN': '用户名或密码错误。', en: 'Wrong user name or password.' },
  account_locked: {
    'zh-CN': '连续登录失败次数过多，账号已锁定，请 {minutes} 分钟后再试或联系管理员。',
    en: 'Too many failed sign-ins: this account is locked. Try again in {minutes} min or ask an administrator.',
  },
  account_disabled: { 'zh-CN': '该账号已停用，请联系管理员。', en: 'This account is disabled. Please contact an administrator.' },
  too_many_attempts: {
    'zh-CN': '该地址登录尝试过多，请 {minutes} 分钟后再试。',
    en: 'Too many sign-in attempts from this address. Try again in {minutes} min.',
  },
  refresh_invalid: { 'zh-CN': '会话已失效，请重新登录。', en: 'Your session is no longer valid. Please sign in again.' },
  refresh_reused: {
    'zh-CN': '检测到会话令牌被重复使用，为安全起见已退出所有相关会话，请重新登录。',
    en: 'A session token was used twice; for safety the session was signed out. Please sign in again.',
  },
  forbidden: { 'zh-CN': '您没有执行此操作的权限。', en: 'You are not allowed to do this.' },
  not_found: { 'zh-CN': '未找到所请求的内容。', en: 'Not found.' },
  conflict: { 'zh-CN': '与现有数据冲突：{detail}', en: 'Conflicts with existing data: {detail}' },
  username_taken: { 'zh-CN': '用户名“{username}”已被使用。', en: 'The user name "{username}" is already taken.' },
  site_code_taken: { 'zh-CN': '机构编码“{code}”已被使用。', en: 'The site code "{code}" is already taken.' },
  township_needs_township_site: {
    'zh-CN': '乡镇人员必须隶属于一个乡镇卫生院。',
    en: 'Township staff must belong to a township site.',
  },
  unknown_site: { 'zh-CN': '机构不存在或已停用。', en: 'The site does not exist or is inactive.' },
  cannot_disable_self: { 'zh-CN': '不能停用自己的账号。', en: 'You cannot disable your own account.' },
  payload_too_large: { 'zh-CN': '上传内容过大。', en: 'The upload is too large.' },
  unsupported_media_type: { 'zh-CN': '不支持的内容类型：{detail}', en: 'Unsupported content type: {detail}' },
  upstream_unavailable: {
    'zh-CN': '影像归档系统（PACS）暂时无法访问，请稍后重试。',
    en: 'The image archive (PACS) cannot be reached right now. Please try again shortly.',
  },
  task_taken: {
    'zh-CN': '该检查已由 {name} 认领阅片。',
    en: 'This exam is already being read by {name}.',
  },
  task_not_open: {
    'zh-CN': '该任务当前状态为“{state}”，不能执行此操作。',
    en: 'This task is "{state}"; that action is not possible now.',
  },
  not_task_holder: {
    'zh-CN': '您未持有该任务（可能已超时释放或被重新分配），请刷新工作列表。',
    en: 'You do not hold this task (it may have expired or been reassigned). Refresh the worklist.',
  },
  invalid_assignee: {
    'zh-CN': '该用户不能阅读此类检查。',
    en: 'That user does not read this kind of exam.',
  },
  exam_request_site_mismatch: {
    'zh-CN': '该检查属于其他机构，不能为其填写申请单。',
    en: 'This study belongs to another site; you cannot fill its exam request.',
  },
  critical_patient_mismatch: {
    'zh-CN': '患者身份核对不一致：{fieldsZh}与检查记录不符。请核对患者ID及姓名或出生日期后重试。',
    en: 'Patient identification does not match the study: {fieldsEn}. Check the patient ID and the name or birth date, then try again.',
  },
  critical_unknown_item: {
    'zh-CN': '危急值项目 {codes} 不在当前{domain}清单中，请刷新清单后重新选择。',
    en: 'Critical finding {codes} is not in the current {domain} catalogue. Refresh the catalogue and choose again.',
  },
  critical_wrong_kind: {
    'zh-CN': '所选危急值项目与该检查类型不符（影像项目用于影像检查，心电项目用于心电检查）。',
    en: 'The chosen findings do not fit this exam (imaging findings for imaging exams, ECG findings for ECGs).',
  },
  critical_readback_mismatch: {
    'zh-CN': '复述内容与危急值项目不一致，未能确认接收。请按报告的危急值内容逐项复述后重试，或致电阅片医生核实。',
    en: 'The read-back does not match the critical finding(s); receipt was not confirmed. Read back each finding as reported and try again, or phone the reader.',
  },
  critical_state: {
    'zh-CN': '该危急值当前状态为“{state}”，不能执行此操作，请刷新。',
    en: 'This critical alert is "{state}"; that action is not possible now. Refresh.',
  },
  critical_unacknowledged: {
    'zh-CN': '该检查有 {count} 条危急值尚未被乡镇接收确认，报告不能终审；请先电话联系并记录，或填写理由后继续。',
    en: 'This study has {count} critical alert(s) not yet acknowledged by the township; the report cannot be finalised. Phone and record the call, or give a reason to proceed.',
  },
  critical_code_reused: {
    'zh-CN': '危急值编码 {code} 已用于“{zh}”，编码不能改作他用；请为新项目使用新编码。',
    en: 'Code {code} already means "{zh}"; codes are never reused. Give the new finding a new code.',
  },
  critical_duplicate_code: {
    'zh-CN': '清单中编码 {code} 重复或与清单领域不符。',
    en: 'Code {code} appears twice or does not belong to this catalogue domain.',
  },
  critical_reason_required: {
    'zh-CN': '请填写原因。',
    en: 'Please give a reason.',
  },
  critical_director_invalid: {
    'zh-CN': '院长/负责人账号必须是该乡镇卫生院在用的乡镇人员账号。',
    en: 'The director must be an active township staff account of that township site.',
  },
  report_needs_claim: {
    'zh-CN': '请先在工作列表中认领该检查，再开始书写报告。',
    en: 'Claim this exam in the worklist before starting its report.',
  },
  report_stale: {
    'zh-CN': '报告已于 {at} 被 {name} 修改并保存，您的修改未覆盖对方内容。请刷新查看最新内容后再保存。',
    en: 'The report was changed and saved by {name} at {at}; your edit did not overwrite it. Reload the latest text, then save again.',
  },
  report_finalised: {
    'zh-CN': '报告已审核发布，不能直接修改；如需更正请使用“修订报告”并填写原因。',
    en: 'The report is final and cannot be edited; to correct it, amend it and give a reason.',
  },
  report_not_author: {
    'zh-CN': '只有报告医师本人可以修改或签署此报告草稿。',
    en: 'Only the report’s author can edit or sign this draft.',
  },
  report_self_verify: {
    'zh-CN': '审核医师不能审核自己书写的报告，请由另一位审核医师审核。',
    en: 'You cannot verify your own report; another senior reader must verify it.',
  },
  report_not_draft: {
    'zh-CN': '报告当前状态为“{status}”，已签署，不能再次签署。请刷新。',
    en: 'The report is "{status}" and already signed. Refresh.',
  },
  report_not_preliminary: {
    'zh-CN': '报告当前状态为“{status}”，只有初步报告可以审核。请刷新。',
    en: 'The report is "{status}"; only a preliminary report can be verified. Refresh.',
  },
  report_not_final: {
    'zh-CN': '报告当前状态为“{status}”，尚未审核发布，可直接编辑，无需修订。',
    en: 'The report is "{status}", not final yet: edit it directly instead of amending.',
  },
  internal: { 'zh-CN': '服务器内部错误，请稍后重试；如持续出现请联系管理员。', en: 'Internal server error. Please try again; if it persists, contact an administrator.' },
} as const satisfies Record<string, Record<Locale, string>>;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export function errorMessage(code: ErrorCode, locale: Locale, params: Record<string, string | number> = {}): string {
  return format(ERROR_MESSAGES[code][locale], params);
}
