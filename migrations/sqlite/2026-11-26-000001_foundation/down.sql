DROP TABLE outbox;
DROP TABLE audit_events;
DROP TABLE refresh_tokens;
DROP TABLE email_tokens;
DROP TABLE users;
