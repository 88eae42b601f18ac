import { flushPromises, mount } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { ApiError } from '@/api/problem'
import ListPage from '@/components/ListPage.vue'
import { usePagedList, type Page } from '@/composables/usePagedList'
import { createAppI18n } from '@/i18n'

interface Row {
  id: string
  name: string
}
interface Query {
  q?: string
  status?: 'open' | 'closed'
  page?: number
  per_page?: number
}

/** A fake endpoint: records each query and answers `total` rows, paged. */
function endpoint(total = 45) {
  const queries: Query[] = []
  let fail: unknown = null
  const fetch = async (query: Query): Promise<Page<Row>> => {
    queries.push(query)
    if (fail) throw fail
    const page = query.page ?? 1
    const perPage = query.per_page ?? 20
    const first = (page - 1) * perPage
    const items = Array.from({ length: Math.max(0, Math.min(perPage, total - first)) }, (_, i) => ({ id: `r${first + i}`, name: `row ${first + i}` }))
    return { items, total, page, per_page: perPage }
  }
  return { fetch, queries, failWith: (e: unknown) => (fail = e) }
}

describe('usePagedList', () => {
  it('loads the first page and sends only the filters that are set', async () => {
    const api = endpoint()
    const list = usePagedList(api.fetch, { q: '', status: 'open' as Query['status'] | '' })
    await list.load()
    expect(api.queries).toEqual([{ status: 'open', page: 1, per_page: 20 }])
    expect(list.items.value).toHaveLength(20)
    expect(list.total.value).toBe(45)
    expect(list.hasPages.value).toBe(true)
    expect(list.empty.value).toBe(false)
  })

  it('pages and resizes', async () => {
    const api = endpoint()
    const list = usePagedList(api.fetch)
    await list.goTo(3)
    expect(list.items.value.map((r) => r.id)).toEqual(['r40', 'r41', 'r42', 'r43', 'r44'])
    await list.resize(50)
    expect(api.queries.at(-1)).toEqual({ page: 1, per_page: 50 })
    expect(list.items.value).toHaveLength(45)
    expect(list.hasPages.value).toBe(false)
  })

  it('goes back to page 1 on a new search and on reset, and reset restores the initial filters', async () => {
    const api = endpoint()
    const list = usePagedList(api.fetch, { q: '', status: 'open' as Query['status'] | '' }, { perPage: 10 })
    await list.goTo(4)
    list.filters.q = '李'
    list.filters.status = ''
    await list.search()
    expect(api.queries.at(-1)).toEqual({ q: '李', page: 1, per_page: 10 })
    await list.goTo(2)
    await list.reset()
    expect(list.filters).toEqual({ q: '', status: 'open' })
    expect(api.queries.at(-1)).toEqual({ status: 'open', page: 1, per_page: 10 })
    expect(list.paging.page).toBe(1)
  })

  it('keeps the filter model the caller passed (reactive or plain)', () => {
    const model = { q: 'x' }
    const list = usePagedList(endpoint().fetch, model)
    list.filters.q = 'y'
    expect(model.q).toBe('y')
  })

  it('shows a failure as an ApiError and clears it on the next good load', async () => {
    const api = endpoint()
    const list = usePagedList(api.fetch)
    api.failWith(new ApiError({ status: 503, code: 'service_unavailable' }))
    await list.load()
    expect(list.error.value?.code).toBe('service_unavailable')
    expect(list.loading.value).toBe(false)
    api.failWith(new TypeError('Failed to fetch'))
    await list.load()
    expect(list.error.value?.code).toBe('network_error')
    api.failWith(null)
    await list.load()
    expect(list.error.value).toBeNull()
    expect(list.items.value).toHaveLength(20)
  })

  it('lets a newer answer win over a slower older one', async () => {
    const releases: Array<() => void> = []
    const list = usePagedList(
      (q: Query) =>
        new Promise<Page<Row>>((resolve) => releases.push(() => resolve({ items: [{ id: q.q ?? '', name: '' }], total: 1, page: 1, per_page: 20 }))),
      { q: 'old' },
    )
    const first = list.load()
    list.filters.q = 'new'
    const second = list.search()
    releases[1]!()
    await second
    releases[0]!()
    await first
    expect(list.items.value.map((r) => r.id)).toEqual(['new'])
    expect(list.loading.value).toBe(false)
  })

  it('takes an endpoint that answers a plain array', async () => {
    const list = usePagedList(async () => [{ id: 'a', name: 'A' }, { id: 'b', name: 'B' }])
    await list.load()
    expect(list.total.value).toBe(2)
    list.replaceItem({ id: 'b', name: 'B2' })
    expect(list.items.value.map((r) => r.name)).toEqual(['A', 'B2'])
  })

  it('reports empty only once loading is over', async () => {
    const list = usePagedList(endpoint(0).fetch)
    const pending = list.load()
    expect(list.empty.value).toBe(false)
    await pending
    expect(list.empty.value).toBe(true)
  })
})

describe('ListPage', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  function render(list: ReturnType<typeof usePagedList<Row, Query>>, props: Record<string, unknown> = {}) {
    const Host = defineComponent({
      setup: () => () =>
        h(ListPage<Row>, { list, ...props }, {
          filters: () => h('input', { id: 'q' }),
          default: ({ items }: { items: Row[] }) => h('ul', { 'data-testid': 'rows' }, items.map((r) => h('li', { key: r.id }, r.name))),
        }),
    })
    return mount(Host, { global: { plugins: [createAppI18n('zh-CN'), ElementPlus] }, attachTo: document.body })
  }

  it('renders the header, filters with buttons, rows and the pager', async () => {
    const api = endpoint()
    const list = usePagedList(api.fetch, { q: '' })
    await list.load()
    const wrapper = render(list, { title: '名单', searchTestId: 'list-search' })
    await flushPromises()
    expect(wrapper.find('h1').text()).toBe('名单')
    expect(wrapper.find('[data-testid="list-search"]').text()).toBe('查询')
    expect(wrapper.findAll('[data-testid="rows"] li')).toHaveLength(20)
    expect(wrapper.find('.el-pagination__total').text()).toContain('45')
  })

  it('searches from page 1 on submit and resets on 重置', async () => {
    const api = endpoint()
    const list = usePagedList(api.fetch, { q: '' })
    await list.goTo(2)
    const wrapper = render(list)
    list.filters.q = '张'
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(api.queries.at(-1)).toEqual({ q: '张', page: 1, per_page: 20 })
    const reset = wrapper.findAll('button').find((b) => b.text() === '重置')!
    await reset.trigger('click')
    await flushPromises()
    expect(api.queries.at(-1)).toEqual({ page: 1, per_page: 20 })
    expect(wrapper.findComponent(ListPage).emitted('reset')).toHaveLength(1)
  })

  it('shows the error alert and the empty text', async () => {
    const api = endpoint(0)
    const list = usePagedList(api.fetch)
    await list.load()
    const wrapper = render(list, { emptyText: '暂无记录', pager: 'auto' })
    await flushPromises()
    expect(wrapper.text()).toContain('暂无记录')
    expect(wrapper.find('.pager').exists()).toBe(false)
    api.failWith(new ApiError({ status: 503, code: 'service_unavailable' }))
    await list.load()
    await flushPromises()
    expect(wrapper.find('[data-testid="form-error"]').text()).not.toBe('')
  })

  it('hides the filter buttons when the filters apply on change', async () => {
    const list = usePagedList(endpoint().fetch)
    const wrapper = render(list, { filterButtons: false })
    await flushPromises()
    expect(wrapper.find('form').classes()).toContain('filter-row')
    expect(wrapper.findAll('button').some((b) => b.text() === '查询')).toBe(false)
  })
})
