import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { defineComponent, nextTick } from 'vue'
import { ApiError } from '@/api/problem'
import { useServerErrors } from '@/composables/useServerErrors'
import { createAppI18n } from '@/i18n'

function setup() {
  const i18n = createAppI18n('zh-CN')
  let api!: ReturnType<typeof useServerErrors<'email' | 'current_password'>>
  const Host = defineComponent({
    setup() {
      api = useServerErrors(['email', 'current_password'] as const, { wrong_password: 'current_password' })
      return () => null
    },
  })
  mount(Host, { global: { plugins: [i18n] } })
  return { api, i18n }
}

describe('useServerErrors', () => {
  it('puts field errors under their fields and the rest in the summary', async () => {
    const { api } = setup()
    await api.show(
      new ApiError({
        status: 400,
        code: 'validation_failed',
        fieldErrors: [
          { field: 'email', code: 'invalid_email', message: 'not an address' },
          { field: 'nickname', code: 'unknown_field', message: 'unknown field' },
        ],
      }),
    )
    expect(api.fieldErrors.value.email).toBe('请输入有效的电子邮箱地址。')
    expect(api.fieldErrors.value.current_password).toBe('')
    expect(api.formError.value).toBe('填写的信息有误，请按提示修改。 nickname: 不支持此字段。')
  })

  it('maps a top-level code to its field and follows a language switch', async () => {
    const { api, i18n } = setup()
    await api.show(new ApiError({ status: 400, code: 'wrong_password' }))
    expect(api.fieldErrors.value.current_password).toBe('当前密码不正确。')
    i18n.global.locale.value = 'en'
    await nextTick()
    expect(api.fieldErrors.value.current_password).toBe('The current password is wrong.')
    expect(api.formError.value).toBe('The current password is wrong.')
  })

  it('turns anything thrown into a readable network error', async () => {
    const { api } = setup()
    const shown = await api.show(new TypeError('Failed to fetch'))
    expect(shown.code).toBe('network_error')
    expect(api.formError.value).toBe('无法连接服务器，请检查网络后重试。')
    api.clear()
    expect(api.formError.value).toBe('')
  })
})
