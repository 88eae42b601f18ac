-- A sign-in session: the refresh-token family of that id, its absolute end however often it is
-- refreshed, and when it was ended (log-out, reuse of a rotated token, password change, disabling).
-- Access tokens carry the session id, so an ended session stops them at once.
CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    ended_at TIMESTAMP
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- Families signed in before this migration become sessions with the shorter (staff) lifetime
-- counted from their first token; those already revoked are ended.
INSERT INTO sessions (id, user_id, created_at, expires_at, ended_at)
SELECT family_id, user_id, MIN(created_at), strftime('%Y-%m-%d %H:%M:%f', MIN(created_at), '+12 hours'),
       CASE WHEN COUNT(revoked_at) = COUNT(*) THEN MAX(revoked_at) END
FROM refresh_tokens
GROUP BY family_id, user_id;
