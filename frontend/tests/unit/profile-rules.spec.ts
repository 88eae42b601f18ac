import { describe, expect, it } from 'vitest'
import { checkUploadFile, MAX_UPLOAD_BYTES } from '@/utils/files'
import { checkBankAccount, checkGraduationYear, checkOptionalText, checkPhone, checkText, normalizePhone } from '@/utils/validation'
import { bodyFromForm, formFromProfile, PROFILE_FIELDS } from '@/views/applicant/profileForm'
import type { Profile } from '@/api/types'

const stored: Profile = {
  user_id: 'u1',
  email: 'wang@example.test',
  full_name: '王小明',
  id_number_masked: '4405**********0013',
  birth_date: '1980-01-01',
  gender: 'male',
  phone: '13800138000',
  education: [{ level: 'bachelor', school: '县第一中学', major: null, graduation_year: 2002 }],
  categories: ['graduate'],
  skills: ['焊接'],
  complete: true,
  bank_name: '农业银行',
  bank_account_masked: '***************3445',
  current_employer: null,
  created_at: '2025-01-01T00:00:00Z',
  updated_at: '2025-01-01T00:00:00Z',
}

describe('profile field rules', () => {
  it('checks names and optional text by characters', () => {
    expect(checkText(50)('')).toBe('required')
    expect(checkText(50)('王'.repeat(50))).toBeNull()
    expect(checkText(50)('王'.repeat(51))).toBe('too_long')
    expect(checkOptionalText(100)('')).toBeNull()
    expect(checkOptionalText(100)('x'.repeat(101))).toBe('too_long')
  })

  it('checks mainland mobile numbers like the server', () => {
    expect(checkPhone('')).toBe('required')
    expect(checkPhone('13800138000')).toBeNull()
    expect(checkPhone('138-0013-8000')).toBeNull()
    expect(checkPhone('+86 138 0013 8000')).toBeNull()
    expect(normalizePhone('+86 138 0013 8000')).toBe('13800138000')
    expect(checkPhone('23800138000')).toBe('invalid_phone')
    expect(checkPhone('1380013800')).toBe('invalid_phone')
    expect(checkPhone('1380013800a')).toBe('invalid_phone')
  })

  it('checks bank accounts of 10 to 30 digits; empty is allowed', () => {
    expect(checkBankAccount('')).toBeNull()
    expect(checkBankAccount('6228 4800 1234')).toBeNull()
    expect(checkBankAccount('123456789')).toBe('invalid_value')
    expect(checkBankAccount('1'.repeat(31))).toBe('invalid_value')
    expect(checkBankAccount('62284800123A')).toBe('invalid_value')
  })

  it('checks graduation years from 1950 to eight years ahead', () => {
    const today = new Date(2025, 0, 1)
    expect(checkGraduationYear(undefined, today)).toBe('required')
    expect(checkGraduationYear(1949, today)).toBe('invalid_value')
    expect(checkGraduationYear(1950, today)).toBeNull()
    expect(checkGraduationYear(2033, today)).toBeNull()
    expect(checkGraduationYear(2034, today)).toBe('invalid_value')
  })

  it('checks uploads: PDF, JPEG or PNG, not empty, 10 MiB at most', () => {
    expect(checkUploadFile({ name: 'cv.pdf', size: 10, type: 'application/pdf' })).toBeNull()
    expect(checkUploadFile({ name: 'a.png', size: MAX_UPLOAD_BYTES, type: 'image/png' })).toBeNull()
    expect(checkUploadFile({ name: 'a.png', size: MAX_UPLOAD_BYTES + 1, type: 'image/png' })).toBe('file_too_large')
    expect(checkUploadFile({ name: 'a.docx', size: 10, type: 'application/msword' })).toBe('unsupported_type')
    expect(checkUploadFile({ name: 'a.pdf', size: 0, type: 'application/pdf' })).toBe('empty_file')
    expect(checkUploadFile({ name: 'scan.JPG', size: 10, type: '' })).toBeNull()
  })
})

describe('profile form ↔ request body', () => {
  it('keeps the stored ID and bank numbers unless new ones are typed', () => {
    const body = bodyFromForm(formFromProfile(stored))
    expect(body).not.toHaveProperty('id_number')
    expect(body).not.toHaveProperty('bank_account')
    expect(body.education).toEqual([{ level: 'bachelor', school: '县第一中学', major: null, graduation_year: 2002 }])
    expect(body.bank_name).toBe('农业银行')
  })

  it('sends a newly typed ID number and bank account, and an empty account to remove it', () => {
    const form = formFromProfile(stored)
    form.id_number = ' 11010519491231002x '
    form.bank_account = '6228480012345678'
    expect(bodyFromForm(form)).toMatchObject({ id_number: '11010519491231002x', bank_account: '6228480012345678' })
    form.removeBank = true
    expect(bodyFromForm(form).bank_account).toBe('')
  })

  it('knows every field a server error can name', () => {
    expect(PROFILE_FIELDS).toContain('education.9.graduation_year')
    expect(PROFILE_FIELDS).toContain('skills.29')
    expect(PROFILE_FIELDS).toContain('id_number')
  })
})
