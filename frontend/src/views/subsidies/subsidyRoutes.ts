import type { RouteRecordRaw } from 'vue-router'

// Subsidy policies, applications, review, finance approval and public notices; spread into the
// app's routes (src/router/routes.ts).
export const subsidyRoutes: RouteRecordRaw[] = [
  {
    path: '/subsidies',
    name: 'subsidy-list',
    component: () => import('./PolicyListView.vue'),
    meta: { title: 'subsidies.title' },
  },
  {
    path: '/subsidies/:id',
    name: 'subsidy-detail',
    component: () => import('./PolicyDetailView.vue'),
    props: true,
    meta: { title: 'subsidies.detailTitle' },
  },
  {
    path: '/my/subsidies',
    name: 'my-subsidies',
    component: () => import('./MyApplicationsView.vue'),
    meta: { title: 'subsidies.mineTitle', roles: ['applicant'] },
  },
  {
    path: '/my/subsidies/:id',
    name: 'my-subsidy',
    component: () => import('./MyApplicationView.vue'),
    props: true,
    meta: { title: 'subsidies.applicationTitle', roles: ['applicant'] },
  },
  {
    path: '/hr/subsidies',
    name: 'subsidy-review',
    component: () => import('./ReviewQueueView.vue'),
    meta: { title: 'subsidies.reviewTitle', roles: ['hr', 'admin'] },
  },
  {
    path: '/hr/subsidies/:id',
    name: 'subsidy-review-detail',
    component: () => import('./StaffApplicationView.vue'),
    props: true,
    meta: { title: 'subsidies.applicationTitle', roles: ['hr', 'admin'] },
  },
  {
    path: '/hr/subsidy-notices',
    name: 'subsidy-notice-admin',
    component: () => import('./NoticeAdminView.vue'),
    meta: { title: 'subsidies.noticeAdminTitle', roles: ['hr', 'admin'] },
  },
  {
    path: '/finance/subsidies',
    name: 'subsidy-finance',
    component: () => import('./FinanceQueueView.vue'),
    meta: { title: 'subsidies.financeTitle', roles: ['finance'] },
  },
  {
    path: '/finance/subsidies/:id',
    name: 'subsidy-finance-detail',
    component: () => import('./StaffApplicationView.vue'),
    props: true,
    meta: { title: 'subsidies.applicationTitle', roles: ['finance'] },
  },
  {
    path: '/admin/subsidy-policies',
    name: 'subsidy-policy-admin',
    component: () => import('./PolicyAdminView.vue'),
    meta: { title: 'subsidies.policyAdminTitle', roles: ['admin'] },
  },
  {
    path: '/notices',
    name: 'notice-list',
    component: () => import('./NoticeListView.vue'),
    meta: { title: 'subsidies.noticesPublicTitle' },
  },
  {
    path: '/notices/:id',
    name: 'notice-detail',
    component: () => import('./NoticeDetailView.vue'),
    props: true,
    meta: { title: 'subsidies.noticesPublicTitle' },
  },
]
