DROP INDEX outbox_sent_idx;
DROP INDEX outbox_recipient_idx;
ALTER TABLE outbox DROP COLUMN redacted_at;
ALTER TABLE outbox DROP COLUMN claim_token;
ALTER TABLE outbox DROP COLUMN secret_params;
