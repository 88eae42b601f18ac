-- Secret mail parameters (the one-time links of verify_email, password_reset, staff_invite) are
-- stored encrypted in their own column and dropped once the mail is sent or dead; each claim has
-- its own token, so only the worker holding it can complete a row; and what retention or the
-- dropping of secrets removed is dated, so a redacted dead letter is not retried.
ALTER TABLE outbox ADD COLUMN secret_params TEXT;
ALTER TABLE outbox ADD COLUMN claim_token TEXT;
ALTER TABLE outbox ADD COLUMN redacted_at TIMESTAMP;
CREATE INDEX outbox_recipient_idx ON outbox (recipient, template, created_at);
CREATE INDEX outbox_sent_idx ON outbox (status, sent_at);
-- Rows written before this migration hold their links in plain text: nothing can encrypt them
-- here, so they are blanked; unsent ones are given up (the person asks for a new link).
UPDATE outbox
SET status = CASE WHEN status IN ('pending', 'sending') THEN 'dead' ELSE status END,
    last_error = CASE WHEN status IN ('pending', 'sending') THEN 'link withdrawn by an upgrade; ask for a new one' ELSE last_error END,
    locked_until = NULL,
    params_json = '{}',
    redacted_at = updated_at
WHERE template IN ('verify_email', 'password_reset', 'staff_invite');
