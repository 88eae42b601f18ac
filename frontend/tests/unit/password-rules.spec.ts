import { describe, expect, it } from 'vitest'
import { checkPassword } from '@/utils/validation'

describe('new password rules (as the server checks them, without its list)', () => {
  it('refuses repetitions and runs', () => {
    for (const p of ['aaaaaaaaaaaa', 'abababababab', 'abcdabcdabcd', 'abcdefghij', '98765432', '一二一二一二一二']) {
      expect(checkPassword(p), p).toBe('common_password')
    }
  })

  it('refuses passwords built from the portal name or the e-mail address', () => {
    const email = 'zhang.san@example.com'
    for (const p of ['juxian2026!', 'Juxian@123', '聚贤2026聚贤', 'zhangsan1990', 'Zhang.San@2026']) {
      expect(checkPassword(p, email), p).toBe('common_password')
    }
    expect(checkPassword('zhangsan1990')).toBeNull()
    expect(checkPassword('juxian-is-where-i-found-work', email)).toBeNull()
  })

  it('keeps the length rules and accepts a good password', () => {
    expect(checkPassword('')).toBe('required')
    expect(checkPassword('short')).toBe('too_short')
    expect(checkPassword('x'.repeat(129))).toBe('too_long')
    expect(checkPassword('Quiet-lake-at-dawn', 'li@example.com')).toBeNull()
    expect(checkPassword('长城万里长城永在')).toBeNull()
  })
})
