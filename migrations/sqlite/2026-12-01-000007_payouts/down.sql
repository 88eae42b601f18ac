DROP TABLE idempotency_keys;
DROP TABLE payout_attempts;
DROP TABLE payout_batches;
DROP TABLE payouts;
