//! HTTP routes of the payout domain: thin handlers that authorise, call one operation (at most
//! once per `Idempotency-Key` where money moves) and shape the answer.

pub mod batches;
pub mod payouts;

use crate::http::routing::Routes;

/// Mount and document this domain's routes (each path and method comes from the handler's annotation).
pub fn routes(r: &mut Routes) {
    r.add(payouts::__path_list, payouts::list);
    r.add(payouts::__path_summary, payouts::summary);
    r.add(payouts::__path_mine, payouts::mine);
    r.add(payouts::__path_get, payouts::get);
    r.add(payouts::__path_mark_paid, payouts::mark_paid);
    r.add(payouts::__path_mark_failed, payouts::mark_failed);
    r.add(payouts::__path_cancel, payouts::cancel);
    r.add(payouts::__path_refresh_account, payouts::refresh_account);
    r.add(batches::__path_list, batches::list);
    r.add(batches::__path_create, batches::create);
    r.add(batches::__path_get, batches::get);
    r.add(batches::__path_approve, batches::approve);
    r.add(batches::__path_cancel, batches::cancel);
    r.add(batches::__path_bank_file, batches::bank_file);
    r.add(batches::__path_results, batches::results);
    r.add(batches::__path_reconciliation, batches::reconciliation);
}
