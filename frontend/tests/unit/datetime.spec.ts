import { afterEach, describe, expect, it } from 'vitest'
import { formatDate, formatDateTime, fromPickerDate, toPickerDate } from '@/utils/datetime'

// Dates are typed and shown in Asia/Shanghai whatever zone the browser is in. Node picks up a
// changed TZ at once, so each case runs as a browser in UTC, in New York and in Shanghai itself.
const ZONES = ['UTC', 'America/New_York', 'Asia/Shanghai', 'Pacific/Kiritimati']
const saved = process.env.TZ

afterEach(() => {
  process.env.TZ = saved
})

describe.each(ZONES)('in a browser set to %s', (zone) => {
  it('shows an instant as Beijing time, 2026-12-02 18:00, in every language', () => {
    process.env.TZ = zone
    expect(new Date('2026-01-01T00:00:00Z').getTimezoneOffset()).toBe(
      { UTC: 0, 'America/New_York': 300, 'Asia/Shanghai': -480, 'Pacific/Kiritimati': -840 }[zone],
    )
    expect(formatDateTime('2026-12-02T10:00:00Z', 'zh-CN')).toBe('2026-12-02 18:00')
    expect(formatDateTime('2026-12-02T10:00:00Z', 'en')).toBe('2026-12-02 18:00')
    // Past midnight in Beijing while still the day before in UTC.
    expect(formatDateTime('2026-12-02T16:30:00Z', 'en')).toBe('2026-12-03 00:30')
    expect(formatDate('2026-12-02T16:30:00Z')).toBe('2026-12-03')
  })

  it('a time picked as 18:00 is saved as 18:00 Beijing time and shown again as 18:00', () => {
    process.env.TZ = zone
    // What the picker hands over when someone picks 2026-12-02 18:00: local fields of this zone.
    const picked = new Date(2026, 11, 2, 18, 0)
    const saved = fromPickerDate(picked)
    expect(saved).toBe('2026-12-02T10:00:00.000Z')
    expect(formatDateTime(saved)).toBe('2026-12-02 18:00')
    const shown = toPickerDate(saved)
    expect([shown?.getFullYear(), shown?.getMonth(), shown?.getDate(), shown?.getHours(), shown?.getMinutes()]).toEqual([2026, 11, 2, 18, 0])
    expect(fromPickerDate(shown)).toBe(saved)
  })
})

describe('nothing and nonsense', () => {
  it('shows a dash for nothing and an unreadable value as it came', () => {
    expect(formatDateTime(null)).toBe('—')
    expect(formatDateTime('')).toBe('—')
    expect(formatDateTime('not a date')).toBe('not a date')
    expect(formatDate(undefined)).toBe('—')
    expect(toPickerDate(null)).toBeNull()
    expect(fromPickerDate(null)).toBe('')
    expect(fromPickerDate(new Date(Number.NaN))).toBe('')
  })
})
