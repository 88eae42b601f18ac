import type { RouteRecordRaw } from 'vue-router'

// Internship programmes, offers, applications and placements; spread into the app's routes (src/router/routes.ts).
export const internshipRoutes: RouteRecordRaw[] = [
  {
    path: '/internships',
    name: 'internship-list',
    component: () => import('./ProgramListView.vue'),
    meta: { title: 'internships.title' },
  },
  {
    path: '/internships/:id',
    name: 'internship-detail',
    component: () => import('./ProgramDetailView.vue'),
    props: true,
    meta: { title: 'internships.detailTitle' },
  },
  {
    path: '/my/internships',
    name: 'my-internships',
    component: () => import('./MyApplicationsView.vue'),
    meta: { title: 'internships.mineTitle', roles: ['applicant'] },
  },
  {
    path: '/employer/internships',
    name: 'employer-internship-offers',
    component: () => import('./MyOffersView.vue'),
    meta: { title: 'internships.offersTitle', roles: ['employer'] },
  },
  {
    path: '/employer/internships/applications',
    name: 'employer-internship-applications',
    component: () => import('./EmployerApplicationsView.vue'),
    meta: { title: 'internships.applicationsTitle', roles: ['employer'] },
  },
  {
    path: '/hr/internships',
    name: 'internship-admin',
    component: () => import('./ProgramAdminView.vue'),
    meta: { title: 'internships.adminTitle', roles: ['hr', 'admin'] },
  },
  {
    path: '/hr/internships/placements',
    name: 'internship-placements',
    component: () => import('./PlacementsView.vue'),
    meta: { title: 'internships.placementsTitle', roles: ['hr', 'admin'] },
  },
  {
    path: '/hr/internships/stats',
    name: 'internship-stats',
    component: () => import('./ProgramStatsView.vue'),
    meta: { title: 'internships.statsTitle', roles: ['hr', 'admin'] },
  },
  {
    path: '/hr/internships/:id',
    name: 'internship-manage',
    component: () => import('./ProgramManageView.vue'),
    props: true,
    meta: { title: 'internships.detailTitle', roles: ['hr', 'admin'] },
  },
]
