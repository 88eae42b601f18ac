import { describe, expect, it } from 'vitest'
import { fenToYuan, formatYuan, MAX_STIPEND_FEN, yuanToFen } from '@/utils/money'

describe('yuan → fen', () => {
  it('converts exactly, with no floating-point error', () => {
    expect(yuanToFen('1234.56')).toEqual({ ok: true, fen: 123456 })
    // 0.29 * 100 is 28.999999999999996 in floating point; 1.005 and 4.35 are similar traps.
    expect(yuanToFen('0.29')).toEqual({ ok: true, fen: 29 })
    expect(yuanToFen('4.35')).toEqual({ ok: true, fen: 435 })
    expect(yuanToFen('1.1')).toEqual({ ok: true, fen: 110 })
    expect(yuanToFen('0.07')).toEqual({ ok: true, fen: 7 })
    expect(yuanToFen('1500')).toEqual({ ok: true, fen: 150000 })
    expect(yuanToFen('1500.')).toEqual({ ok: true, fen: 150000 })
    expect(yuanToFen('0')).toEqual({ ok: true, fen: 0 })
    expect(yuanToFen('007.50')).toEqual({ ok: true, fen: 750 })
  })

  it('adds amounts in fen, never in floating-point yuan (0.1 + 0.2 is 0.30)', () => {
    // In floating point 0.1 + 0.2 is 0.30000000000000004 and 0.57 * 100 is 56.99999999999999.
    const a = yuanToFen('0.1')
    const b = yuanToFen('0.2')
    expect(a).toEqual({ ok: true, fen: 10 })
    expect(b).toEqual({ ok: true, fen: 20 })
    if (!a.ok || !b.ok) throw new Error('unreachable')
    expect(fenToYuan(a.fen + b.fen)).toBe('0.30')
    expect(yuanToFen('0.3')).toEqual({ ok: true, fen: a.fen + b.fen })
    expect(yuanToFen('0.57')).toEqual({ ok: true, fen: 57 })
    expect(yuanToFen('1.15')).toEqual({ ok: true, fen: 115 })
    expect(yuanToFen('19.99')).toEqual({ ok: true, fen: 1999 })
    expect(yuanToFen('50000.00', 5_000_000)).toEqual({ ok: true, fen: 5_000_000 })
    expect(fenToYuan(123456)).toBe('1234.56')
    expect(formatYuan(1_000_000_000_00)).toBe('1,000,000,000.00')
  })

  it('accepts what people type: spaces, thousands separators, a yuan sign', () => {
    expect(yuanToFen('  1,234.56 ')).toEqual({ ok: true, fen: 123456 })
    expect(yuanToFen('￥300')).toEqual({ ok: true, fen: 30000 })
    expect(yuanToFen('¥ 99.9')).toEqual({ ok: true, fen: 9990 })
  })

  it('refuses more than two decimals instead of rounding', () => {
    expect(yuanToFen('1234.567')).toEqual({ ok: false, code: 'too_many_decimals' })
    expect(yuanToFen('0.001')).toEqual({ ok: false, code: 'too_many_decimals' })
    expect(yuanToFen('1.000')).toEqual({ ok: false, code: 'too_many_decimals' })
  })

  it('refuses empty, negative, non-numeric and out-of-range amounts', () => {
    expect(yuanToFen('')).toEqual({ ok: false, code: 'required' })
    expect(yuanToFen('   ')).toEqual({ ok: false, code: 'required' })
    expect(yuanToFen('-5')).toEqual({ ok: false, code: 'invalid_value' })
    expect(yuanToFen('1e3')).toEqual({ ok: false, code: 'invalid_value' })
    expect(yuanToFen('.5')).toEqual({ ok: false, code: 'invalid_value' })
    expect(yuanToFen('12a')).toEqual({ ok: false, code: 'invalid_value' })
    expect(yuanToFen('1.2.3')).toEqual({ ok: false, code: 'invalid_value' })
    expect(yuanToFen('100000')).toEqual({ ok: true, fen: MAX_STIPEND_FEN })
    expect(yuanToFen('100000.01')).toEqual({ ok: false, code: 'out_of_range' })
    expect(yuanToFen('99999999999999999999')).toEqual({ ok: false, code: 'out_of_range' })
  })

  it('takes another limit when given', () => {
    expect(yuanToFen('50', 1000)).toEqual({ ok: false, code: 'out_of_range' })
    expect(yuanToFen('10', 1000)).toEqual({ ok: true, fen: 1000 })
  })
})

describe('fen → yuan', () => {
  it('always shows two decimals', () => {
    expect(fenToYuan(123456)).toBe('1234.56')
    expect(fenToYuan(150000)).toBe('1500.00')
    expect(fenToYuan(7)).toBe('0.07')
    expect(fenToYuan(0)).toBe('0.00')
    expect(fenToYuan(-5)).toBe('-0.05')
  })

  it('round-trips every amount of a range exactly', () => {
    for (let fen = 0; fen <= 100_000; fen += 7) {
      expect(yuanToFen(fenToYuan(fen))).toEqual({ ok: true, fen })
    }
  })

  it('formats with thousands separators and refuses fractions of a fen', () => {
    expect(formatYuan(123456789)).toBe('1,234,567.89')
    expect(formatYuan(99)).toBe('0.99')
    expect(() => fenToYuan(1.5)).toThrow(RangeError)
  })
})
