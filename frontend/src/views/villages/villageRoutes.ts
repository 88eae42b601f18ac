import type { RouteRecordRaw } from 'vue-router'

// Villages (村/社区) and the village college-student plan: admin's village management, HR's plan
// page, the applicant's page; spread into the app's routes (src/router/routes.ts).
export const villageRoutes: RouteRecordRaw[] = [
  {
    path: '/admin/villages',
    name: 'village-admin',
    component: () => import('./VillageAdminView.vue'),
    meta: { title: 'villages.title', roles: ['admin'] },
  },
  {
    path: '/hr/village-plan',
    name: 'village-plan-admin',
    component: () => import('./VillagePlanAdminView.vue'),
    meta: { title: 'villagePlan.title', roles: ['hr', 'admin'] },
  },
  {
    path: '/applicant/village-plan',
    name: 'village-plan',
    component: () => import('./VillagePlanView.vue'),
    meta: { title: 'villagePlan.title', roles: ['applicant'] },
  },
]
