-- Internship and practical-training programmes (实习实训): HR's programme, the internship
-- positions enterprises offer in it (with slots), and applicants' applications through to
-- completion. `filled` changes only through conditional updates so that it never passes `slots`.
CREATE TABLE internship_programs (
    id TEXT PRIMARY KEY NOT NULL,
    title TEXT NOT NULL,
    description TEXT,
    season TEXT NOT NULL,
    application_opens_at TIMESTAMP NOT NULL,
    application_closes_at TIMESTAMP NOT NULL,
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'closed')),
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE internship_offers (
    id TEXT PRIMARY KEY NOT NULL,
    program_id TEXT NOT NULL REFERENCES internship_programs (id),
    position_id TEXT NOT NULL REFERENCES positions (id),
    enterprise_id TEXT NOT NULL REFERENCES enterprises (id),
    slots INTEGER NOT NULL CHECK (slots > 0),
    filled INTEGER NOT NULL DEFAULT 0 CHECK (filled >= 0 AND filled <= slots),
    mentor TEXT NOT NULL,
    stipend_fen BIGINT NOT NULL CHECK (stipend_fen >= 0),
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    reject_reason TEXT,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX internship_offers_position_key ON internship_offers (program_id, position_id);

CREATE TABLE internship_applications (
    id TEXT PRIMARY KEY NOT NULL,
    offer_id TEXT NOT NULL REFERENCES internship_offers (id),
    program_id TEXT NOT NULL REFERENCES internship_programs (id),
    applicant_id TEXT NOT NULL REFERENCES users (id),
    status TEXT NOT NULL CHECK (status IN ('submitted', 'accepted', 'rejected', 'withdrawn', 'in_progress', 'completed', 'terminated')),
    reason TEXT,
    evaluation TEXT,
    hours INTEGER,
    decided_by TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX internship_applications_key ON internship_applications (offer_id, applicant_id);
CREATE INDEX internship_applications_program_idx ON internship_applications (program_id, applicant_id);
