import type { RouteRecordRaw } from 'vue-router'

// Personal information (PIPL): "my data" for applicants and employers (download, closure request)
// and HR's queue of closure requests; spread into the app's routes (src/router/routes.ts).
export const privacyRoutes: RouteRecordRaw[] = [
  {
    path: '/my/data',
    name: 'my-data',
    component: () => import('./MyDataView.vue'),
    meta: { title: 'privacy.mineTitle', roles: ['applicant', 'employer'] },
  },
  {
    path: '/hr/account-closures',
    name: 'account-closures',
    component: () => import('./ClosureAdminView.vue'),
    meta: { title: 'privacy.adminTitle', roles: ['hr', 'admin'] },
  },
]
