/** The part of the Web Locks API this module uses (`navigator.locks`). */
export interface TabLocks {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>
}

function browserLocks(): TabLocks | undefined {
  return typeof navigator !== 'undefined' && 'locks' in navigator ? (navigator.locks as TabLocks) : undefined
}

/**
 * Run `task` while holding the lock `name`, which every tab of this origin shares, so that tabs
 * refreshing the session take turns: each sends the refresh cookie the previous one received,
 * instead of all sending the same cookie at once. Without the Web Locks API the task just runs.
 */
export function acrossTabs<T>(name: string, task: () => Promise<T>, locks: TabLocks | undefined = browserLocks()): Promise<T> {
  return locks ? locks.request(name, task) : task()
}
