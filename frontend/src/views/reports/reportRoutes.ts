import type { RouteRecordRaw } from 'vue-router'

// Reports (统计报告): the year in numbers for the talent office, finance and the administrator;
// spread into the app's routes (src/router/routes.ts).
export const reportRoutes: RouteRecordRaw[] = [
  {
    path: '/reports/annual',
    name: 'annual-report',
    component: () => import('./AnnualReportView.vue'),
    meta: { title: 'reports.title', roles: ['hr', 'finance', 'admin'] },
  },
  {
    path: '/reports/settings',
    name: 'report-settings',
    component: () => import('./ReportSettingsView.vue'),
    meta: { title: 'reports.settings.title', roles: ['admin'] },
  },
]
