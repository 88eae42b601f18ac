-- Symposiums (科技人才座谈会 / 青年人才座谈会 / other): HR's meeting, the talents invited to it from
-- the pool (one invitation per person and symposium), their RSVP and, once held, their attendance.
CREATE TABLE symposiums (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('sci_tech', 'youth', 'other')),
    title TEXT NOT NULL,
    starts_at TIMESTAMP NOT NULL,
    venue TEXT NOT NULL,
    capacity INTEGER CHECK (capacity IS NULL OR capacity > 0),
    agenda TEXT,
    status TEXT NOT NULL CHECK (status IN ('draft', 'invited', 'held', 'cancelled')),
    summary TEXT,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX symposiums_starts_idx ON symposiums (starts_at);

CREATE TABLE symposium_invitations (
    id TEXT PRIMARY KEY NOT NULL,
    symposium_id TEXT NOT NULL REFERENCES symposiums (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    response TEXT NOT NULL CHECK (response IN ('pending', 'accepted', 'declined')),
    responded_at TIMESTAMP,
    attended BOOLEAN,
    invited_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
-- The last line of defence against inviting one person twice.
CREATE UNIQUE INDEX symposium_invitations_person_key ON symposium_invitations (symposium_id, user_id);
CREATE INDEX symposium_invitations_user_idx ON symposium_invitations (user_id);
