-- Job fairs: the fair, applicant sign-ups with door tickets, enterprise booths with the positions
-- they bring, and the employment intents reached there.
CREATE TABLE job_fairs (
    id TEXT PRIMARY KEY NOT NULL,
    title TEXT NOT NULL,
    description TEXT,
    venue TEXT NOT NULL,
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    signup_deadline TIMESTAMP NOT NULL,
    capacity INTEGER NOT NULL CHECK (capacity > 0),
    booth_capacity INTEGER NOT NULL CHECK (booth_capacity >= 0),
    -- Places taken; changed only by conditional updates so that it never passes capacity.
    registered_count INTEGER NOT NULL DEFAULT 0 CHECK (registered_count >= 0 AND registered_count <= capacity),
    approved_booths INTEGER NOT NULL DEFAULT 0 CHECK (approved_booths >= 0 AND approved_booths <= booth_capacity),
    status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'closed', 'finished', 'cancelled')),
    cancel_reason TEXT,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX job_fairs_status_idx ON job_fairs (status, starts_at);

CREATE TABLE fair_registrations (
    id TEXT PRIMARY KEY NOT NULL,
    fair_id TEXT NOT NULL REFERENCES job_fairs (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('registered', 'waitlisted', 'checked_in', 'cancelled')),
    ticket_code TEXT,
    waitlisted_at TIMESTAMP,
    checked_in_at TIMESTAMP,
    checked_in_by TEXT,
    reminded_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX fair_registrations_person_key ON fair_registrations (fair_id, user_id);
CREATE UNIQUE INDEX fair_registrations_ticket_key ON fair_registrations (ticket_code);
CREATE INDEX fair_registrations_user_idx ON fair_registrations (user_id);
CREATE INDEX fair_registrations_waitlist_idx ON fair_registrations (fair_id, status, waitlisted_at);

CREATE TABLE fair_booths (
    id TEXT PRIMARY KEY NOT NULL,
    fair_id TEXT NOT NULL REFERENCES job_fairs (id) ON DELETE CASCADE,
    enterprise_id TEXT NOT NULL REFERENCES enterprises (id),
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    reject_reason TEXT,
    requested_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX fair_booths_enterprise_key ON fair_booths (fair_id, enterprise_id);

CREATE TABLE fair_booth_positions (
    booth_id TEXT NOT NULL REFERENCES fair_booths (id) ON DELETE CASCADE,
    position_id TEXT NOT NULL REFERENCES positions (id),
    PRIMARY KEY (booth_id, position_id)
);

CREATE TABLE employment_intents (
    id TEXT PRIMARY KEY NOT NULL,
    fair_id TEXT NOT NULL REFERENCES job_fairs (id),
    booth_id TEXT NOT NULL REFERENCES fair_booths (id),
    applicant_id TEXT NOT NULL REFERENCES users (id),
    enterprise_id TEXT NOT NULL REFERENCES enterprises (id),
    position_id TEXT NOT NULL REFERENCES positions (id),
    status TEXT NOT NULL CHECK (status IN ('intended', 'signed', 'withdrawn')),
    note TEXT,
    recorded_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX employment_intents_key ON employment_intents (fair_id, applicant_id, position_id);
CREATE INDEX employment_intents_applicant_idx ON employment_intents (applicant_id);
CREATE INDEX employment_intents_enterprise_idx ON employment_intents (enterprise_id);
