-- Payouts: one ledger for every source (awarded subsidy applications now, allowance roster rows
-- later), payout batches approved by a second finance user, one attempt per try to pay, and the
-- idempotency keys of money-moving requests. Unique keys are the last line of defence: one payout
-- per source, one open attempt per payout, one paid attempt per payout.
CREATE TABLE payouts (
    id TEXT PRIMARY KEY NOT NULL,
    source_kind TEXT NOT NULL CHECK (source_kind IN ('subsidy_application', 'roster_row')),
    source_id TEXT NOT NULL,
    reference TEXT NOT NULL,
    policy_id TEXT NOT NULL REFERENCES subsidy_policies (id),
    year INTEGER NOT NULL,
    recipient_user_id TEXT REFERENCES users (id),
    recipient_name TEXT NOT NULL,
    bank_name TEXT,
    bank_account_enc TEXT,
    bank_account_masked TEXT,
    account_field TEXT,
    account_owner TEXT,
    amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),
    status TEXT NOT NULL CHECK (status IN ('pending', 'in_batch', 'exported', 'paid', 'cancelled')),
    flag TEXT,
    last_failure TEXT,
    paid_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX payouts_source_key ON payouts (source_kind, source_id);
CREATE UNIQUE INDEX payouts_reference_key ON payouts (reference);
CREATE INDEX payouts_status_idx ON payouts (status, policy_id);
CREATE INDEX payouts_recipient_idx ON payouts (recipient_user_id);

CREATE TABLE payout_batches (
    id TEXT PRIMARY KEY NOT NULL,
    batch_no TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'approved', 'exported', 'closed', 'cancelled')),
    created_by TEXT NOT NULL REFERENCES users (id),
    approved_by TEXT REFERENCES users (id),
    approved_at TIMESTAMP,
    exported_at TIMESTAMP,
    export_sha256 TEXT,
    closed_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX payout_batches_no_key ON payout_batches (batch_no);

CREATE TABLE payout_attempts (
    id TEXT PRIMARY KEY NOT NULL,
    payout_id TEXT NOT NULL REFERENCES payouts (id),
    batch_id TEXT NOT NULL REFERENCES payout_batches (id),
    status TEXT NOT NULL CHECK (status IN ('in_batch', 'exported', 'paid', 'failed', 'removed')),
    bank_reference TEXT,
    failure_reason TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX payout_attempts_one_open ON payout_attempts (payout_id) WHERE status IN ('in_batch', 'exported');
CREATE UNIQUE INDEX payout_attempts_one_paid ON payout_attempts (payout_id) WHERE status = 'paid';
CREATE INDEX payout_attempts_batch_idx ON payout_attempts (batch_id, status);

CREATE TABLE idempotency_keys (
    actor_id TEXT NOT NULL,
    key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('in_flight', 'done')),
    response_status INTEGER,
    response_body TEXT,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (actor_id, key)
);
CREATE INDEX idempotency_keys_age_idx ON idempotency_keys (created_at);
