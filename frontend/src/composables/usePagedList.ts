import { computed, reactive, ref, shallowRef, toRaw, type ComputedRef, type Ref, type ShallowRef } from 'vue'
import { ApiError, networkError } from '@/api/problem'

export interface Page<T> {
  items: T[]
  total: number
  page: number
  per_page: number
}

/** The filter form's model for a query: every key but the paging ones; '' means "no filter". */
export type Filters<Query> = { [K in Exclude<keyof Query, 'page' | 'per_page'>]?: Query[K] | '' }

export interface PagedListOptions<T> {
  /** Rows per page to start with (20). */
  perPage?: number
  /** The key `replaceItem` matches rows by ('id'). */
  rowKey?: keyof T
}

/** What `usePagedList` returns, and what `ListPage` takes as its `list`. */
export interface PagedList<T, F extends object = object> {
  items: ShallowRef<T[]>
  total: Ref<number>
  paging: { page: number; per_page: number }
  loading: Ref<boolean>
  error: Ref<ApiError | null>
  /** The filter model (reactive): bind the filter inputs to it. */
  filters: F
  /** Nothing loaded and nothing loading: the moment for an empty-state text. */
  empty: ComputedRef<boolean>
  /** More rows than one page holds. */
  hasPages: ComputedRef<boolean>
  /** Fetch the current page with the current filters (also "refresh"). */
  load: () => Promise<void>
  /** New filters: back to page 1, then load. */
  search: () => Promise<void>
  /** The filters as they were when the list was made, then search. */
  reset: () => Promise<void>
  /** Go to page `page` and load it. */
  goTo: (page: number) => Promise<void>
  /** Another page size: back to page 1, then load. */
  resize: (perPage: number) => Promise<void>
  /** Put an updated row in place of the one with the same key (after an action on it). */
  replaceItem: (updated: T) => void
  /** The query `load` sends (for an export of the same filter). */
  buildQuery: () => object
}

function snapshot<F extends object>(filters: F): F {
  const copy = Object.entries(toRaw(filters)).map(([k, v]) => [k, Array.isArray(v) ? [...v] : v])
  return Object.fromEntries(copy) as F
}

/**
 * Loading, paging, filter and error state of one server-side paginated list; render it with
 * `ListPage`. `fetchPage` gets the non-empty filters plus `page` and `per_page`; it may also
 * answer a plain array (an endpoint without paging: total is its length).
 *
 * ```ts
 * const list = usePagedList(listUsers, { q: '', role: '' as Role | '' })
 * onMounted(list.load)
 * ```
 */
export function usePagedList<T, Query extends { page?: number; per_page?: number }, F extends object = Filters<Query>>(
  fetchPage: (query: Query) => Promise<Page<T> | T[]>,
  /**
   * The filter form's model (a reactive object or a plain one, made reactive here); its keys are
   * the query's. Left unconstrained on purpose so `{ q: '' }` is typed string, not the literal ''.
   */
  filters: F = {} as F,
  options: PagedListOptions<T> = {},
) {
  const model = reactive(filters) as F
  const initial = snapshot(model)
  const items = shallowRef<T[]>([])
  const total = ref(0)
  const paging = reactive({ page: 1, per_page: options.perPage ?? 20 })
  const loading = ref(false)
  const error = ref<ApiError | null>(null)
  const rowKey = (options.rowKey ?? 'id') as keyof T
  let generation = 0

  /** Only defined, non-empty filters are sent. */
  function buildQuery(): Query {
    const set = Object.entries(model).filter(([, v]) => v !== '' && v !== null && v !== undefined)
    return { ...Object.fromEntries(set), page: paging.page, per_page: paging.per_page } as Query
  }

  async function load() {
    // A slow older answer must not overwrite a newer one (fast typing, quick paging).
    const mine = ++generation
    loading.value = true
    error.value = null
    try {
      const result = await fetchPage(buildQuery())
      if (mine !== generation) return
      items.value = Array.isArray(result) ? result : result.items
      total.value = Array.isArray(result) ? result.length : result.total
    } catch (e) {
      if (mine === generation) error.value = e instanceof ApiError ? e : networkError(e)
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  function search() {
    paging.page = 1
    return load()
  }

  function reset() {
    Object.assign(model, snapshot(initial))
    return search()
  }

  function goTo(page: number) {
    paging.page = page
    return load()
  }

  function resize(perPage: number) {
    paging.per_page = perPage
    return search()
  }

  function replaceItem(updated: T) {
    items.value = items.value.map((row) => (row[rowKey] === updated[rowKey] ? updated : row))
  }

  const empty = computed(() => !loading.value && items.value.length === 0)
  const hasPages = computed(() => total.value > paging.per_page)

  return { items, total, paging, loading, error, filters: model, empty, hasPages, load, search, reset, goTo, resize, replaceItem, buildQuery }
}
