import { describe, expect, it } from 'vitest'
import { ApiError, toApiError } from '@/api/problem'
import { createAppI18n } from '@/i18n'
import rostersEn from '@/i18n/locales/rosters.en'
import rostersZhCN from '@/i18n/locales/rosters.zh-CN'
import { fenToYuan, formatYuan } from '@/views/rosters/money'
import { checkPeriod, isBatchNo, messageIn, newIdempotencyKey, nextBatchNo, remainingOf, rowReport, warningRows } from '@/views/rosters/rosterRules'

function keys(table: unknown, prefix = ''): string[] {
  if (typeof table !== 'object' || table === null) return [prefix]
  return Object.entries(table).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k))
}

describe('roster period', () => {
  it('takes a month or a range, as the server stores it', () => {
    expect(checkPeriod('2020-02')).toEqual({ ok: true, period: '2020-02', year: 2020 })
    expect(checkPeriod(' 2020-2 ')).toEqual({ ok: true, period: '2020-02', year: 2020 })
    expect(checkPeriod('2020-01~2020-03')).toEqual({ ok: true, period: '2020-01~2020-03', year: 2020 })
    expect(checkPeriod('2020-01 ～ 2020-03')).toEqual({ ok: true, period: '2020-01~2020-03', year: 2020 })
    expect(checkPeriod('2020-01至2020-03')).toEqual({ ok: true, period: '2020-01~2020-03', year: 2020 })
    // A range over the new year belongs to its first year's budget.
    expect(checkPeriod('2020-12~2021-01')).toEqual({ ok: true, period: '2020-12~2021-01', year: 2020 })
    // The same month twice is one month.
    expect(checkPeriod('2020-02~2020-02')).toEqual({ ok: true, period: '2020-02', year: 2020 })
  })

  it('refuses what the server refuses', () => {
    for (const bad of ['', '2020', '2020-13', '2020-00', '20-02', '2020/02', '2020-02-01', '2020-03~2020-01', '2020-01~', '~2020-01', 'abc', '2020-01~2020-02~2020-03']) {
      expect(checkPeriod(bad).ok, bad).toBe(false)
    }
  })

  it('numbers batches 1 to 1000', () => {
    expect([0, 1, 1000, 1001, 2.5, Number.NaN, '3'].map(isBatchNo)).toEqual([false, true, true, false, false, false, false])
    expect(nextBatchNo([])).toBe(1)
    expect(nextBatchNo([1, 3, 2])).toBe(4)
  })
})

describe('row report', () => {
  const refusal = toApiError(422, new Headers(), {
    type: 'about:blank',
    title: 'File rejected',
    status: 422,
    code: 'file_rejected',
    detail: '2 rows',
    rows: [
      { row: 7, column: '身份证号', code: 'invalid_id_number', message: '身份证号校验位不正确 / the ID number check character is wrong' },
      { row: 3, column: '金额（元）', code: 'too_precise', message: '金额最多两位小数 / at most two decimals' },
      { row: 9, code: 'duplicate_in_file', message: '同一人在文件中出现两次' },
      'junk',
    ],
  })

  it('lists every refused cell in file order', () => {
    expect(rowReport(refusal)).toEqual([
      { row: 3, column: '金额（元）', code: 'too_precise', message: '金额最多两位小数 / at most two decimals' },
      { row: 7, column: '身份证号', code: 'invalid_id_number', message: '身份证号校验位不正确 / the ID number check character is wrong' },
      { row: 9, column: '', code: 'duplicate_in_file', message: '同一人在文件中出现两次' },
    ])
  })

  it('is empty for other errors', () => {
    expect(rowReport(new ApiError({ status: 409, code: 'invalid_transition' }))).toEqual([])
    expect(rowReport(new Error('boom'))).toEqual([])
    expect(rowReport(toApiError(422, new Headers(), { code: 'file_rejected' }))).toEqual([])
  })

  it('shows the half of a message in the page language', () => {
    const text = '金额最多两位小数 / at most two decimals'
    expect(messageIn(text, 'zh-CN')).toBe('金额最多两位小数')
    expect(messageIn(text, 'en')).toBe('at most two decimals')
    expect(messageIn('只有中文', 'en')).toBe('只有中文')
    const noHeader = '找不到表头（姓名、身份证号、金额（元）…）/ no header row (姓名, 身份证号, 金额（元）…) was found'
    expect(messageIn(noHeader, 'zh-CN')).toBe('找不到表头（姓名、身份证号、金额（元）…）')
    expect(messageIn(noHeader, 'en')).toBe('no header row (姓名, 身份证号, 金额（元）…) was found')
  })

  it('maps Luhn warnings the same way', () => {
    expect(warningRows([{ row: 4, column: null, code: 'luhn', message: 'a / b' }])).toEqual([{ row: 4, column: '', code: 'luhn', message: 'a / b' }])
  })

  it('reads remaining_fen of budget_exceeded', () => {
    expect(remainingOf(toApiError(409, new Headers(), { code: 'budget_exceeded', remaining_fen: 12345 }))).toBe(12345)
    expect(remainingOf(toApiError(409, new Headers(), { code: 'budget_exceeded' }))).toBeNull()
    expect(remainingOf(toApiError(409, new Headers(), { code: 'budget_exceeded', remaining_fen: 1.5 }))).toBeNull()
  })
})

describe('roster money and keys', () => {
  it('shows fen as yuan with two decimals', () => {
    expect(fenToYuan(150000)).toBe('1500.00')
    expect(fenToYuan(5)).toBe('0.05')
    expect(formatYuan(750_000_000)).toBe('7,500,000.00')
    expect(() => fenToYuan(1.5)).toThrow(RangeError)
  })

  it('makes a fresh v4 UUID per action', () => {
    const a = newIdempotencyKey()
    const b = newIdempotencyKey()
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(a).not.toBe(b)
  })
})

describe('roster messages', () => {
  it('have the same keys in both languages and keep the shared ones', () => {
    expect(keys(rostersEn).sort()).toEqual(keys(rostersZhCN).sort())
    for (const locale of ['zh-CN', 'en'] as const) {
      const i18n = createAppI18n(locale)
      for (const key of keys(rostersZhCN)) expect(i18n.global.te(key), `${locale} ${key}`).toBe(true)
      expect(i18n.global.te('menu.home') && i18n.global.te('menu.internshipStats') && i18n.global.te('fieldErrors.id_number.required')).toBe(true)
    }
    expect(createAppI18n('zh-CN').global.t('menu.rosters')).toBe('补助名单')
  })
})
