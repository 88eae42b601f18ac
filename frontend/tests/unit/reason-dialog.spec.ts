import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h, nextTick, ref } from 'vue'
import { ApiError } from '@/api/problem'
import ReasonDialog from '@/components/ReasonDialog.vue'
import { useReasonDialog } from '@/composables/useReasonDialog'
import { createAppI18n } from '@/i18n'

type Props = InstanceType<typeof ReasonDialog>['$props']

// el-dialog teleports to <body>, so the tests look at the document.
function mountDialog(props: Partial<Props> = {}) {
  const wrapper = mount(ReasonDialog, {
    props: { modelValue: true, title: '退回 某单位', ...props },
    global: { plugins: [createAppI18n('zh-CN'), ElementPlus] },
    attachTo: document.body,
  })
  return wrapper
}

const textarea = () => document.querySelector<HTMLTextAreaElement>('[data-testid="reason-dialog"] textarea')!
const submitButton = () => document.querySelector<HTMLButtonElement>('[data-testid="reason-submit"]')!
const dialogText = () => document.querySelector('[data-testid="reason-dialog"]')?.textContent ?? ''
// happy-dom does not render el-form-item's message element; its state is what the user would read.
const fieldError = (wrapper: VueWrapper) => (wrapper.findComponent({ name: 'ElFormItem' }).vm as unknown as { validateMessage: string }).validateMessage
const alertText = () => document.querySelector('[data-testid="form-error"]')?.textContent?.trim() ?? ''

async function type(value: string) {
  const el = textarea()
  el.value = value
  el.dispatchEvent(new Event('input'))
  await nextTick()
}

async function submit() {
  submitButton().click()
  await flushPromises()
  await new Promise((resolve) => setTimeout(resolve, 20))
  await flushPromises()
}

afterEach(() => {
  document.body.innerHTML = ''
})

describe('ReasonDialog', () => {
  it('shows the title, the hint, the label and the confirm text', async () => {
    mountDialog({ hint: '单位联系人会收到邮件。', label: '退回原因', confirmText: '退回' })
    await flushPromises()
    expect(dialogText()).toContain('退回 某单位')
    expect(dialogText()).toContain('单位联系人会收到邮件。')
    expect(dialogText()).toContain('退回原因')
    expect(submitButton().textContent).toContain('退回')
    expect(submitButton().className).toContain('el-button--danger')
  })

  it('falls back to the shared label and confirm text, and takes another button type', async () => {
    mountDialog({ confirmType: 'primary' })
    await flushPromises()
    expect(dialogText()).toContain('原因')
    expect(submitButton().textContent).toContain('确定')
    expect(submitButton().className).toContain('el-button--primary')
  })

  it('requires a reason: blank or spaces do not confirm', async () => {
    const wrapper = mountDialog()
    await flushPromises()
    await submit()
    expect(fieldError(wrapper)).toBe('此项为必填项。')
    await type('   ')
    await submit()
    expect(wrapper.emitted('confirm')).toBeUndefined()
  })

  it('checks the minimum and maximum length after trimming', async () => {
    const wrapper = mountDialog({ minLength: 5, maxLength: 10 })
    await flushPromises()
    await type('  太短  ')
    await submit()
    expect(fieldError(wrapper)).toBe('请至少填写 5 个字。')
    await type('这段原因一共有十一个字啊')
    await submit()
    expect(fieldError(wrapper)).toBe('不能超过 10 个字。')
    expect(wrapper.emitted('confirm')).toBeUndefined()
    expect(textarea().getAttribute('maxlength')).toBe('10')
  })

  it('emits the trimmed reason', async () => {
    const wrapper = mountDialog()
    await flushPromises()
    await type('  材料不全  ')
    await submit()
    expect(wrapper.emitted('confirm')).toEqual([['材料不全']])
  })

  it('ignores a confirm while loading', async () => {
    const wrapper = mountDialog({ loading: true })
    await flushPromises()
    await type('材料不全')
    await submit()
    expect(wrapper.emitted('confirm')).toBeUndefined()
  })

  it('closes on cancel', async () => {
    const wrapper = mountDialog()
    await flushPromises()
    const cancel = [...document.querySelectorAll<HTMLButtonElement>('[data-testid="reason-dialog"] button')].find((b) => b.textContent?.includes('取消'))!
    cancel.click()
    await flushPromises()
    expect(wrapper.emitted('update:modelValue')).toEqual([[false]])
  })

  it('puts the server field error under the text box and the rest in the alert', async () => {
    const error = new ApiError({
      status: 400,
      code: 'validation_failed',
      fieldErrors: [
        { field: 'reason', code: 'too_long', message: 'too long' },
        { field: 'other', code: 'required', message: 'required' },
      ],
    })
    const wrapper = mountDialog({ error })
    await flushPromises()
    expect(fieldError(wrapper)).toBe('内容太长。')
    expect(alertText()).toBe('填写的信息有误，请按提示修改。 other: 此项为必填项。')
  })

  it('words the summary with `explain` when given', async () => {
    mountDialog({ error: new ApiError({ status: 409, code: 'invalid_transition' }), explain: () => '这条申请已经处理过了。' })
    await flushPromises()
    expect(alertText()).toBe('这条申请已经处理过了。')
  })

  it('starts empty each time it opens', async () => {
    const wrapper = mountDialog()
    await flushPromises()
    await type('上次的原因')
    await wrapper.setProps({ modelValue: false })
    await wrapper.setProps({ modelValue: true })
    await flushPromises()
    expect(textarea().value).toBe('')
  })
})

describe('useReasonDialog', () => {
  // The composable needs no component: it holds refs and runs the action.
  const host = useReasonDialog

  it('opens on a target, runs the action with it and closes on success', async () => {
    const calls: Array<[string, string]> = []
    const dialog = host(async (reason, id: string) => {
      calls.push([reason, id])
    })
    dialog.ask('booth-1')
    expect(dialog.open).toBe(true)
    expect(dialog.target).toBe('booth-1')
    expect(await dialog.confirm('材料不全')).toBe(true)
    expect(calls).toEqual([['材料不全', 'booth-1']])
    expect(dialog.open).toBe(false)
    expect(dialog.loading).toBe(false)
  })

  it('keeps the dialog open with the error, and clears it on the next ask', async () => {
    const failure = new ApiError({ status: 409, code: 'invalid_transition' })
    const dialog = host<string>(async () => {
      throw failure
    })
    dialog.ask('x')
    expect(await dialog.confirm('r')).toBe(false)
    expect(dialog.open).toBe(true)
    expect(dialog.error).toBe(failure)
    dialog.ask('y')
    expect(dialog.error).toBeNull()
  })

  it('runs one call at a time', async () => {
    let release!: () => void
    let runs = 0
    const dialog = host<void>(() => {
      runs++
      return new Promise<void>((resolve) => (release = resolve))
    })
    dialog.ask()
    const first = dialog.confirm('a')
    expect(dialog.loading).toBe(true)
    expect(await dialog.confirm('b')).toBe(false)
    release()
    await first
    expect(runs).toBe(1)
  })

  it('passes loading and error on to the dialog', async () => {
    const open = ref(true)
    const Host = defineComponent({
      setup() {
        const dialog = useReasonDialog<void>(async () => {
          throw new ApiError({ status: 409, code: 'conflict' })
        })
        dialog.open = open.value
        return () =>
          h(ReasonDialog, {
            modelValue: dialog.open,
            'onUpdate:modelValue': (v: boolean) => (dialog.open = v),
            title: 't',
            loading: dialog.loading,
            error: dialog.error,
            onConfirm: dialog.confirm,
          })
      },
    })
    mount(Host, { global: { plugins: [createAppI18n('zh-CN'), ElementPlus] }, attachTo: document.body })
    await flushPromises()
    await type('理由')
    await submit()
    expect(alertText()).not.toBe('')
    expect(document.querySelector('[data-testid="reason-dialog"]')).not.toBeNull()
  })
})
