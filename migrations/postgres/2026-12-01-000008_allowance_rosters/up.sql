-- Allowance rosters (e.g. the front-line medical staff batches 第1批…第5批): a numbered batch of
-- recipients under one roster policy and period, imported whole from a spreadsheet. The same person
-- (keyed hash of the ID number) is paid at most once per policy and period, in any batch.
CREATE TABLE allowance_batches (
    id TEXT PRIMARY KEY NOT NULL,
    policy_id TEXT NOT NULL REFERENCES subsidy_policies (id),
    batch_no INTEGER NOT NULL CHECK (batch_no > 0),
    period TEXT NOT NULL,
    title TEXT NOT NULL,
    year INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'paid')),
    row_count INTEGER NOT NULL DEFAULT 0,
    total_fen BIGINT NOT NULL DEFAULT 0,
    created_by TEXT NOT NULL REFERENCES users (id),
    imported_by TEXT REFERENCES users (id),
    submitted_by TEXT REFERENCES users (id),
    approved_by TEXT REFERENCES users (id),
    reject_reason TEXT,
    approved_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX allowance_batches_no_key ON allowance_batches (policy_id, batch_no);

CREATE TABLE allowance_rows (
    id TEXT PRIMARY KEY NOT NULL,
    batch_id TEXT NOT NULL REFERENCES allowance_batches (id),
    policy_id TEXT NOT NULL REFERENCES subsidy_policies (id),
    period TEXT NOT NULL,
    row_no INTEGER NOT NULL,
    full_name TEXT NOT NULL,
    id_number_enc TEXT NOT NULL,
    id_number_hash TEXT NOT NULL,
    id_number_masked TEXT NOT NULL,
    employer TEXT NOT NULL,
    role TEXT NOT NULL,
    amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),
    bank_name TEXT NOT NULL,
    bank_account_enc TEXT NOT NULL,
    bank_account_masked TEXT NOT NULL,
    note TEXT,
    talent_user_id TEXT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX allowance_rows_once_per_period ON allowance_rows (policy_id, period, id_number_hash);
CREATE INDEX allowance_rows_batch_idx ON allowance_rows (batch_id, row_no);
CREATE INDEX allowance_rows_person_idx ON allowance_rows (talent_user_id);

-- The last refused upload of a batch, kept (encrypted: it holds ID and account numbers) so HR can
-- download it annotated with the errors.
CREATE TABLE allowance_import_errors (
    batch_id TEXT PRIMARY KEY NOT NULL REFERENCES allowance_batches (id),
    payload_enc TEXT NOT NULL,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL
);
