import { reactive, ref, shallowRef } from 'vue'
import { ApiError, networkError } from '@/api/problem'

interface Page<T> {
  items: T[]
  total: number
  page: number
  per_page: number
}

/** Loading, paging and error state of one server-side paginated list. */
export function usePagedList<T, Query extends { page?: number; per_page?: number }>(
  fetchPage: (query: Query) => Promise<Page<T>>,
  /** The filter form's model; '' means "no filter" and is not sent. */
  filters: { [K in Exclude<keyof Query, 'page' | 'per_page'>]?: Query[K] | '' },
) {
  const items = shallowRef<T[]>([])
  const total = ref(0)
  const paging = reactive({ page: 1, per_page: 20 })
  const loading = ref(false)
  const error = ref<ApiError | null>(null)
  let generation = 0

  /** Only defined, non-empty filters are sent. */
  function buildQuery(): Query {
    const set = Object.entries(filters).filter(([, v]) => v !== '' && v !== null && v !== undefined)
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
      items.value = result.items
      total.value = result.total
    } catch (e) {
      if (mine === generation) error.value = e instanceof ApiError ? e : networkError(e)
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  /** New filters start again from the first page. */
  function search() {
    paging.page = 1
    return load()
  }

  return { items, total, paging, loading, error, load, search, buildQuery }
}
