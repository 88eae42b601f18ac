import type { RouteRecordRaw } from 'vue-router'

// Allowance rosters (补助名单): HR's batches and a batch's page, finance's approvals; spread into the
// app's routes (src/router/routes.ts).
export const rosterRoutes: RouteRecordRaw[] = [
  {
    path: '/hr/allowances',
    name: 'allowance-batches',
    component: () => import('./BatchListView.vue'),
    meta: { title: 'rosters.title', roles: ['hr', 'admin'] },
  },
  {
    path: '/hr/allowances/:id',
    name: 'allowance-batch',
    component: () => import('./BatchDetailView.vue'),
    props: true,
    meta: { title: 'rosters.batchTitle', roles: ['hr', 'finance', 'admin'] },
  },
  {
    path: '/finance/allowances',
    name: 'allowance-approvals',
    component: () => import('./FinanceApprovalsView.vue'),
    meta: { title: 'rosters.financeTitle', roles: ['finance'] },
  },
]
