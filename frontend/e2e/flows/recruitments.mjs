import { newSession } from '../lib/browser.mjs'
import { waitUntil } from '../lib/env.mjs'
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../lib/server.mjs'
import { apiCall, apiLogin, assert, login, noticeVersion, tinyPdf, uniqueEmail, waitForText } from './helpers.mjs'

const PASSWORD = 'Recruit-Pass-2025'
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')

/** A GB 11643 number from region 430623 (the county), unique per run. */
function residentId() {
  const seq = String(100 + (Date.now() % 800)).slice(-3)
  const first17 = `43062319970520${seq}`
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(first17[i]), 0)
  return first17 + '10X98765432'[sum % 11]
}

async function apiAccount(server, smtp, email, name) {
  await apiCall(server, 'POST', '/auth/register', { body: { email, password: PASSWORD, display_name: name, role: 'applicant', privacy_notice_version: await noticeVersion(server) } })
  const link = await smtp.waitForLink(email, '/verify-email')
  await apiCall(server, 'POST', '/auth/verify-email', { body: { token: new URL(link).searchParams.get('token') } })
  return apiLogin(server, email, PASSWORD)
}

async function apiStaff(server, smtp, adminToken) {
  const email = uniqueEmail('recruit.hr')
  await apiCall(server, 'POST', '/users', { token: adminToken, body: { email, display_name: '人才办郑老师', role: 'hr' } })
  const link = await smtp.waitForLink(email, '/reset-password')
  await apiCall(server, 'POST', '/auth/password-reset/confirm', { body: { token: new URL(link).searchParams.get('token'), new_password: PASSWORD } })
  return { email, password: PASSWORD }
}

async function upload(server, token, kind, name, type, bytes) {
  const form = new FormData()
  form.append('kind', kind)
  form.append('file', new Blob([bytes], { type }), name)
  return apiCall(server, 'POST', '/me/attachments', { token, form })
}

function waitForMail(smtp, to, subject) {
  return waitUntil(`an e-mail to ${to} about ${subject}`, () => smtp.messages.find((m) => m.to.includes(to.toLowerCase()) && m.subject.includes(subject)) ?? null)
}

/**
 * Public-institution recruitment: HR writes a recruitment with a post (API) and publishes it on
 * the management page; an applicant reads the announcement, sees the pre-check pass and signs up
 * with the diploma, ID scan and photo; HR approves in the post's queue, closes sign-up and issues
 * the tickets; the applicant opens the admission ticket with its exam number and QR code; HR
 * enters the written score and publishes it; the applicant sees score and rank on my sign-ups.
 */
export async function recruitmentJourney({ browser, server, smtp, shared }) {
  const tag = Date.now().toString(36).slice(-5).toUpperCase()
  const title = `县事业单位公开招聘${tag}`
  const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()))
  const adminToken = await apiLogin(server, ADMIN_EMAIL, ADMIN_PASSWORD)
  const staff = shared.hr ?? (await apiStaff(server, smtp, adminToken))
  const hrToken = await apiLogin(server, staff.email, staff.password)
  const now = Date.now()
  const day = 24 * 3600 * 1000
  const recruitment = await apiCall(server, 'POST', '/recruitments', {
    token: hrToken,
    body: {
      title,
      announcement: '<p>经研究，面向社会公开招聘事业单位工作人员。</p>',
      document_no: '县人社发〔2026〕30号',
      signup_opens_at: new Date(now - day).toISOString(),
      signup_closes_at: new Date(now + 20 * day).toISOString(),
      review_ends_at: new Date(now + 25 * day).toISOString(),
      exam_at: new Date(now + 40 * day).toISOString(),
      exam_venue: '县第一中学',
      interview_ratio: 3,
      written_weight: 60,
      interview_weight: 40,
    },
  })
  await apiCall(server, 'POST', `/recruitments/${recruitment.id}/posts`, {
    token: hrToken,
    body: {
      institution_name: '县农业技术推广中心',
      post_code: 'A01',
      title: '农技推广员',
      headcount: 1,
      eligibility: [
        { type: 'min_education', level: 'bachelor' },
        { type: 'id_region_prefix', prefixes: ['4306'] },
      ],
      major_keywords: ['农学', '园艺'],
      notes: '需长期在乡镇工作',
    },
  })

  // HR publishes on the management page.
  const hr = await newSession(browser, server.baseUrl)
  try {
    const { page } = hr
    await login(page, staff.email, staff.password)
    await page.waitForURL(/\/(hr|admin)$/)
    await page.getByTestId('side-menu').getByText('事业单位招聘管理').click()
    await page.waitForURL(/\/hr\/recruitments$/)
    await page.getByRole('link', { name: title }).click()
    await page.waitForURL(/\/hr\/recruitments\/[^/]+$/)
    await waitForText(page.getByTestId('recruitment-status'), '草稿')
    await page.getByTestId('move-publish').click()
    await waitForText(page.getByTestId('recruitment-status'), '报名中')
    hr.assertNoPageErrors()
  } finally {
    await hr.close()
  }

  // The applicant: a complete profile and three files, then the pre-check and sign-up on the page.
  const email = uniqueEmail('recruit')
  const token = await apiAccount(server, smtp, email, '李同学')
  await apiCall(server, 'PUT', '/me/profile', {
    token,
    body: { full_name: '李晓农', phone: '13800138066', id_number: residentId(), education: [{ level: 'bachelor', school: '湖南农业大学', major: '农学', graduation_year: 2020 }] },
  })
  await upload(server, token, 'diploma', '学位证.pdf', 'application/pdf', tinyPdf())
  await upload(server, token, 'id_card', '身份证.pdf', 'application/pdf', tinyPdf())
  await upload(server, token, 'other', '证件照.png', 'image/png', PNG)
  const applicant = await newSession(browser, server.baseUrl)
  try {
    const { page } = applicant
    await login(page, email, PASSWORD)
    await page.waitForURL(/\/applicant$/)
    await page.getByTestId('side-menu').getByText('事业单位招聘', { exact: true }).click()
    await page.waitForURL(/\/recruitments$/)
    await page.getByRole('link', { name: title }).click()
    await page.waitForURL(/\/recruitments\/[^/]+$/)
    await waitForText(page.getByTestId('announcement'), '公开招聘事业单位工作人员')
    await waitForText(page.getByTestId('posts'), '农学、园艺')
    await page.getByTestId('signup-A01').click()
    const dialog = page.getByTestId('signup-dialog')
    await waitForText(dialog.getByTestId('precheck-result'), '符合全部')
    await waitForText(dialog.getByTestId('criterion-major_keywords'), '专业符合')
    await dialog.getByTestId('signup-submit').click()
    await waitForText(page.locator('.el-message'), '报名成功')
    await page.goto('/my/recruitments')
    await waitForText(page.getByTestId('signup-status'), '待审核')
    applicant.assertNoPageErrors()
  } finally {
    await applicant.close()
  }
  await waitForMail(smtp, email, '报名成功')

  // HR approves in the queue, closes sign-up and issues the tickets.
  const hr2 = await newSession(browser, server.baseUrl)
  try {
    const { page } = hr2
    await login(page, staff.email, staff.password)
    await page.waitForURL(/\/(hr|admin)$/)
    await page.goto(`/hr/recruitments/${recruitment.id}`)
    await page.getByTestId('queue-A01').click()
    await page.getByTestId('approve-李晓农').click()
    await waitForText(page.getByTestId('queue'), '审查通过')
    await waitForText(page.getByTestId('posts'), '通过 1')
    await page.getByTestId('move-close_signup').click()
    await waitForText(page.getByTestId('recruitment-status'), '报名结束')
    await page.getByTestId('issue-tickets').click()
    await waitForText(page.locator('.el-message'), '本次生成 1 张')
    hr2.assertNoPageErrors()
  } finally {
    await hr2.close()
  }
  const mail = await waitForMail(smtp, email, '准考证已生成')
  const link = mail.text.match(/https?:\/\/\S*\/my\/recruitments\/[\w-]+\/ticket/)?.[0]
  assert(link, 'the ticket mail links the ticket')

  // The applicant opens the ticket: the exam number is year + post code + seat, with its QR code.
  const again = await newSession(browser, server.baseUrl)
  try {
    const { page } = again
    await login(page, email, PASSWORD)
    await page.waitForURL(/\/applicant$/)
    await page.goto(link)
    await waitForText(page.getByTestId('exam-no'), `${year}A01001`)
    await page.getByTestId('ticket-qr').waitFor({ state: 'visible' })
    await waitForText(page.getByTestId('recruitment-ticket'), '县第一中学')
    again.assertNoPageErrors()
  } finally {
    await again.close()
  }

  // HR enters the written score by exam number and publishes; the applicant sees score and rank.
  const hr3 = await newSession(browser, server.baseUrl)
  try {
    const { page } = hr3
    await login(page, staff.email, staff.password)
    await page.waitForURL(/\/(hr|admin)$/)
    await page.goto(`/hr/recruitments/${recruitment.id}`)
    await page.getByTestId('score-exam-no').fill(`${year}A01001`)
    await page.getByTestId('score-value').fill('87.5')
    await page.getByTestId('score-enter').click()
    await waitForText(page.locator('.el-message'), `已录入 ${year}A01001`)
    await page.getByTestId('scores-publish').click()
    await page.locator('.el-message-box__btns .el-button--primary').click()
    await page.getByTestId('scores-published').waitFor({ state: 'visible' })
    await waitForText(page.getByTestId('recruitment-status'), '笔试结束')
    hr3.assertNoPageErrors()
  } finally {
    await hr3.close()
  }
  await waitForMail(smtp, email, '笔试成绩公布')
  const result = await newSession(browser, server.baseUrl)
  try {
    const { page } = result
    await login(page, email, PASSWORD)
    await page.waitForURL(/\/applicant$/)
    await page.goto('/my/recruitments')
    await waitForText(page.getByTestId('signup-score'), '笔试成绩：87.50，岗位排名：第1名')
    result.assertNoPageErrors()
  } finally {
    await result.close()
  }
}
