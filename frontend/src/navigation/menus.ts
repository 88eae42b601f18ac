import type { Component } from 'vue'
import {
  Avatar,
  Calendar,
  Checked,
  DataAnalysis,
  Document,
  Files,
  HomeFilled,
  List,
  Message,
  Money,
  Notebook,
  OfficeBuilding,
  Paperclip,
  School,
  Stamp,
  Suitcase,
  Tickets,
  User,
  UserFilled,
  Wallet,
  Location,
  ChatDotRound,
  Medal,
} from '@element-plus/icons-vue'
import type { Role } from '@/api/types'

export interface MenuItem {
  /** i18n key of the label. */
  label: string
  icon: Component
  /** Route name; absent for features that are announced but not built yet. */
  route?: string
}

export const HOME_ROUTE: Record<Role, string> = {
  applicant: 'applicant-home',
  employer: 'employer-home',
  hr: 'hr-home',
  finance: 'finance-home',
  admin: 'admin-home',
}

const account: MenuItem = { label: 'nav.account', icon: User, route: 'account' }

/** Each role's menu. Items without a route show as "coming soon" until their feature lands. */
export const MENUS: Record<Role, MenuItem[]> = {
  applicant: [
    { label: 'menu.home', icon: HomeFilled, route: HOME_ROUTE.applicant },
    { label: 'menu.profile', icon: Document, route: 'my-profile' },
    { label: 'menu.attachments', icon: Paperclip, route: 'my-attachments' },
    { label: 'menu.fairs', icon: Calendar, route: 'fair-list' },
    { label: 'menu.myTickets', icon: Tickets, route: 'my-tickets' },
    { label: 'menu.intents', icon: Checked, route: 'my-intents' },
    { label: 'menu.internships', icon: School, route: 'internship-list' },
    { label: 'menu.myInternships', icon: Suitcase, route: 'my-internships' },
    { label: 'menu.subsidies', icon: Money, route: 'subsidy-list' },
    { label: 'menu.mySubsidies', icon: Tickets, route: 'my-subsidies' },
    { label: 'menu.myPayouts', icon: Wallet, route: 'my-payouts' },
    { label: 'menu.villagePlan', icon: Location, route: 'village-plan' },
    { label: 'menu.recruitments', icon: Stamp, route: 'recruitment-list' },
    { label: 'menu.myRecruitments', icon: Tickets, route: 'my-recruitments' },
    { label: 'menu.mySymposiums', icon: ChatDotRound, route: 'my-symposiums' },
    { label: 'menu.trainings', icon: Medal, route: 'training-list' },
    { label: 'menu.myTrainings', icon: Tickets, route: 'my-trainings' },
    account,
  ],
  employer: [
    { label: 'menu.home', icon: HomeFilled, route: HOME_ROUTE.employer },
    { label: 'menu.enterprise', icon: OfficeBuilding, route: 'my-enterprise' },
    { label: 'menu.positions', icon: Suitcase, route: 'my-positions' },
    { label: 'menu.attachments', icon: Paperclip, route: 'my-attachments' },
    { label: 'menu.booths', icon: Tickets, route: 'my-booths' },
    { label: 'menu.internshipOffers', icon: School, route: 'employer-internship-offers' },
    { label: 'menu.internshipApplications', icon: List, route: 'employer-internship-applications' },
    { label: 'menu.intents', icon: Checked, route: 'my-intents' },
    { label: 'menu.trainings', icon: Medal, route: 'training-list' },
    account,
  ],
  hr: [
    { label: 'menu.home', icon: HomeFilled, route: HOME_ROUTE.hr },
    { label: 'menu.talents', icon: Avatar, route: 'talent-pool' },
    { label: 'menu.enterpriseReview', icon: Checked, route: 'enterprise-review' },
    { label: 'menu.fairAdmin', icon: Calendar, route: 'fair-admin' },
    { label: 'menu.fairStats', icon: DataAnalysis, route: 'fair-stats' },
    { label: 'menu.internshipAdmin', icon: School, route: 'internship-admin' },
    { label: 'menu.internshipPlacements', icon: List, route: 'internship-placements' },
    { label: 'menu.internshipStats', icon: DataAnalysis, route: 'internship-stats' },
    { label: 'menu.subsidyReview', icon: Money, route: 'subsidy-review' },
    { label: 'menu.subsidyNotices', icon: Notebook, route: 'subsidy-notice-admin' },
    { label: 'menu.rosters', icon: List, route: 'allowance-batches' },
    { label: 'menu.reports', icon: DataAnalysis, route: 'annual-report' },
    { label: 'menu.villagePlanAdmin', icon: Location, route: 'village-plan-admin' },
    { label: 'menu.recruitmentAdmin', icon: Stamp, route: 'recruitment-admin' },
    { label: 'menu.symposiumAdmin', icon: ChatDotRound, route: 'symposium-admin' },
    { label: 'menu.trainingAdmin', icon: Medal, route: 'training-admin' },
    account,
  ],
  finance: [
    { label: 'menu.home', icon: HomeFilled, route: HOME_ROUTE.finance },
    { label: 'menu.financeReview', icon: Checked, route: 'subsidy-finance' },
    { label: 'menu.reports', icon: DataAnalysis, route: 'annual-report' },
    { label: 'menu.payoutsPending', icon: Wallet, route: 'payouts-pending' },
    { label: 'menu.payoutBatches', icon: Tickets, route: 'payout-batches' },
    { label: 'menu.payoutSummary', icon: DataAnalysis, route: 'payout-summary' },
    { label: 'menu.allowanceApprovals', icon: List, route: 'allowance-approvals' },
    account,
  ],
  admin: [
    { label: 'menu.home', icon: HomeFilled, route: HOME_ROUTE.admin },
    { label: 'menu.users', icon: UserFilled, route: 'admin-users' },
    { label: 'menu.outbox', icon: Message, route: 'admin-outbox' },
    { label: 'menu.audit', icon: Notebook, route: 'admin-audit' },
    { label: 'menu.talents', icon: Avatar, route: 'talent-pool' },
    { label: 'menu.enterpriseReview', icon: Checked, route: 'enterprise-review' },
    { label: 'menu.fairAdmin', icon: Calendar, route: 'fair-admin' },
    { label: 'menu.internshipAdmin', icon: School, route: 'internship-admin' },
    { label: 'menu.policies', icon: Files, route: 'subsidy-policy-admin' },
    { label: 'menu.subsidyReview', icon: Money, route: 'subsidy-review' },
    { label: 'menu.reports', icon: DataAnalysis, route: 'annual-report' },
    { label: 'menu.reportSettings', icon: Document, route: 'report-settings' },
    { label: 'menu.villages', icon: Location, route: 'village-admin' },
    { label: 'menu.villagePlanAdmin', icon: Location, route: 'village-plan-admin' },
    { label: 'menu.recruitmentAdmin', icon: Stamp, route: 'recruitment-admin' },
    { label: 'menu.symposiumAdmin', icon: ChatDotRound, route: 'symposium-admin' },
    { label: 'menu.trainingAdmin', icon: Medal, route: 'training-admin' },
    account,
  ],
}
