// Money on the payout screens: integer fen shown as yuan with two decimals. The arithmetic lives
// in one place (the internship screens' module, until a shared utils/money.ts takes it over);
// the payout screens import it from here so that move touches one line.
export { fenToYuan, formatYuan } from '@/views/internships/money'
