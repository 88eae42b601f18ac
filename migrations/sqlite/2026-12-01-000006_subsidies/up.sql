-- Subsidy policies (补贴政策) with a budget per year, applications from draft to award, their
-- history, the public notice (公示) and objections. Policies of kind 'roster' are paid from
-- allowance rosters instead of applications; both draw on the same budget rows.
-- Budget rows change only through conditional updates, and the CHECK is the last line of
-- defence: reserved + paid can never pass the budget, whatever the race.
CREATE TABLE subsidy_policies (
    id TEXT PRIMARY KEY NOT NULL,
    code TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version > 0),
    name TEXT NOT NULL,
    description TEXT,
    document_no TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('application', 'roster')),
    amount_rule TEXT NOT NULL CHECK (amount_rule IN ('fixed', 'up_to')),
    amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),
    exclusive_group TEXT,
    required_attachments TEXT NOT NULL,
    eligibility TEXT NOT NULL,
    opens_at TIMESTAMP NOT NULL,
    closes_at TIMESTAMP NOT NULL,
    notice_days INTEGER NOT NULL CHECK (notice_days BETWEEN 1 AND 60),
    status TEXT NOT NULL CHECK (status IN ('draft', 'active', 'closed')),
    created_by TEXT NOT NULL REFERENCES users (id),
    activated_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX subsidy_policies_code_key ON subsidy_policies (code, version);

CREATE TABLE subsidy_budgets (
    policy_id TEXT NOT NULL REFERENCES subsidy_policies (id),
    year INTEGER NOT NULL,
    budget_fen BIGINT NOT NULL CHECK (budget_fen >= 0),
    reserved_fen BIGINT NOT NULL DEFAULT 0 CHECK (reserved_fen >= 0),
    paid_fen BIGINT NOT NULL DEFAULT 0 CHECK (paid_fen >= 0),
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (policy_id, year),
    CHECK (reserved_fen + paid_fen <= budget_fen)
);

CREATE TABLE subsidy_notices (
    id TEXT PRIMARY KEY NOT NULL,
    policy_id TEXT NOT NULL REFERENCES subsidy_policies (id),
    status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    published_by TEXT NOT NULL REFERENCES users (id),
    published_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    closed_at TIMESTAMP
);
CREATE INDEX subsidy_notices_due_idx ON subsidy_notices (status, ends_at);

CREATE TABLE subsidy_applications (
    id TEXT PRIMARY KEY NOT NULL,
    policy_id TEXT NOT NULL REFERENCES subsidy_policies (id),
    applicant_id TEXT NOT NULL REFERENCES users (id),
    year INTEGER NOT NULL,
    exclusive_group TEXT,
    requested_fen BIGINT NOT NULL CHECK (requested_fen > 0),
    granted_fen BIGINT CHECK (granted_fen > 0),
    statement TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'returned', 'resubmitted', 'withdrawn', 'hr_approved', 'rejected', 'finance_approved', 'finance_rejected', 'in_notice', 'awarded', 'objection_upheld')),
    hr_decided_by TEXT REFERENCES users (id),
    finance_decided_by TEXT REFERENCES users (id),
    notice_id TEXT REFERENCES subsidy_notices (id),
    policy_snapshot TEXT,
    profile_snapshot TEXT,
    submitted_at TIMESTAMP,
    decided_at TIMESTAMP,
    awarded_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
-- One open or awarded application per person, policy and year; one per exclusive group and year
-- once submitted (就高不重复). The rules check first; these indexes are the last line of defence.
CREATE UNIQUE INDEX subsidy_applications_one_per_policy ON subsidy_applications (applicant_id, policy_id, year)
    WHERE status NOT IN ('withdrawn', 'rejected', 'finance_rejected', 'objection_upheld');
CREATE UNIQUE INDEX subsidy_applications_one_per_group ON subsidy_applications (applicant_id, exclusive_group, year)
    WHERE exclusive_group IS NOT NULL AND status NOT IN ('draft', 'withdrawn', 'rejected', 'finance_rejected', 'objection_upheld');
CREATE INDEX subsidy_applications_queue_idx ON subsidy_applications (status, policy_id);
CREATE INDEX subsidy_applications_notice_idx ON subsidy_applications (notice_id);

CREATE TABLE subsidy_application_files (
    application_id TEXT NOT NULL REFERENCES subsidy_applications (id),
    attachment_id TEXT NOT NULL REFERENCES attachments (id),
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    PRIMARY KEY (application_id, attachment_id)
);

CREATE TABLE subsidy_events (
    id TEXT PRIMARY KEY NOT NULL,
    application_id TEXT NOT NULL REFERENCES subsidy_applications (id),
    action TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    actor_id TEXT,
    actor_role TEXT,
    reason TEXT,
    amount_fen BIGINT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX subsidy_events_application_idx ON subsidy_events (application_id, created_at);

CREATE TABLE subsidy_objections (
    id TEXT PRIMARY KEY NOT NULL,
    notice_id TEXT NOT NULL REFERENCES subsidy_notices (id),
    application_id TEXT NOT NULL REFERENCES subsidy_applications (id),
    reason TEXT NOT NULL,
    contact TEXT NOT NULL,
    ip TEXT,
    status TEXT NOT NULL CHECK (status IN ('open', 'upheld', 'dismissed')),
    resolution_note TEXT,
    resolved_by TEXT REFERENCES users (id),
    resolved_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX subsidy_objections_notice_idx ON subsidy_objections (notice_id, status);
