-- When a profile's payout account changed: the owner is e-mailed, and a payout created within a day
-- of a change is flagged for a finance look before it is batched.
CREATE TABLE bank_account_changes (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    changed_at TIMESTAMP NOT NULL
);
CREATE INDEX bank_account_changes_user_idx ON bank_account_changes (user_id, changed_at);
