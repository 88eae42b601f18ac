-- Personal information (PIPL): the privacy notice each account consented to (version and time), and
-- the requests to close an account that HR or an administrator decides.
CREATE TABLE privacy_consents (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    notice_version TEXT NOT NULL,
    consented_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, notice_version)
);

CREATE TABLE account_closures (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    status TEXT NOT NULL CHECK (status IN ('requested', 'approved', 'rejected')),
    reason TEXT,
    requested_at TIMESTAMP NOT NULL,
    decided_by TEXT REFERENCES users (id),
    decided_at TIMESTAMP,
    decision_reason TEXT,
    -- What the approval erased and kept, per domain (JSON), for the person and the auditor.
    outcome TEXT
);
-- The last line of defence: one open request per account.
CREATE UNIQUE INDEX account_closures_one_open ON account_closures (user_id) WHERE status = 'requested';
CREATE INDEX account_closures_status_idx ON account_closures (status, requested_at);
