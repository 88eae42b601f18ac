-- Public-institution open recruitment (事业单位公开招聘): a recruitment announces posts; applicants
-- sign up for one post per recruitment; HR reviews, issues admission tickets, records written and
-- interview scores, shortlists, and moves the best-ranked through physical exam, inspection and a
-- public notice to hire. Scores are integer hundredths of a point (78.50 -> 7850), never floats.

-- An enterprise record may be a public institution (事业单位), the employer of recruitment posts.
ALTER TABLE enterprises ADD COLUMN kind TEXT NOT NULL DEFAULT 'company' CHECK (kind IN ('company', 'public_institution'));

CREATE TABLE recruitments (
    id TEXT PRIMARY KEY NOT NULL,
    title TEXT NOT NULL,
    announcement TEXT NOT NULL,
    document_no TEXT NOT NULL,
    year INTEGER NOT NULL,
    signup_opens_at TIMESTAMP NOT NULL,
    signup_closes_at TIMESTAMP NOT NULL,
    review_ends_at TIMESTAMP NOT NULL,
    exam_at TIMESTAMP NOT NULL,
    exam_venue TEXT NOT NULL,
    interview_ratio INTEGER NOT NULL CHECK (interview_ratio BETWEEN 1 AND 10),
    written_weight INTEGER NOT NULL CHECK (written_weight BETWEEN 0 AND 100),
    interview_weight INTEGER NOT NULL CHECK (interview_weight BETWEEN 0 AND 100),
    status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'signup_closed', 'written_done', 'interview_done', 'closed', 'cancelled')),
    tickets_issued_at TIMESTAMP,
    written_published_at TIMESTAMP,
    shortlist_published_at TIMESTAMP,
    interview_published_at TIMESTAMP,
    created_by TEXT NOT NULL REFERENCES users (id),
    published_at TIMESTAMP,
    cancel_reason TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (written_weight + interview_weight = 100),
    CHECK (signup_opens_at < signup_closes_at)
);
CREATE INDEX recruitments_status_idx ON recruitments (status, signup_closes_at);

CREATE TABLE recruitment_posts (
    id TEXT PRIMARY KEY NOT NULL,
    recruitment_id TEXT NOT NULL REFERENCES recruitments (id),
    enterprise_id TEXT REFERENCES enterprises (id),
    institution_name TEXT NOT NULL,
    post_code TEXT NOT NULL,
    title TEXT NOT NULL,
    headcount INTEGER NOT NULL CHECK (headcount > 0),
    eligibility TEXT NOT NULL,
    major_keywords TEXT NOT NULL,
    notes TEXT,
    min_written_x100 INTEGER CHECK (min_written_x100 BETWEEN 0 AND 100000),
    status TEXT NOT NULL CHECK (status IN ('open', 'cut')),
    cut_reason TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX recruitment_posts_code_key ON recruitment_posts (recruitment_id, post_code);

CREATE TABLE recruitment_notices (
    id TEXT PRIMARY KEY NOT NULL,
    recruitment_id TEXT NOT NULL REFERENCES recruitments (id),
    status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    published_by TEXT NOT NULL REFERENCES users (id),
    published_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    closed_at TIMESTAMP
);
CREATE INDEX recruitment_notices_due_idx ON recruitment_notices (status, ends_at);

CREATE TABLE recruitment_applications (
    id TEXT PRIMARY KEY NOT NULL,
    recruitment_id TEXT NOT NULL REFERENCES recruitments (id),
    post_id TEXT NOT NULL REFERENCES recruitment_posts (id),
    applicant_id TEXT NOT NULL REFERENCES users (id),
    status TEXT NOT NULL CHECK (status IN ('submitted', 'returned', 'resubmitted', 'withdrawn', 'rejected', 'approved', 'post_cut', 'shortlisted', 'eliminated', 'physical_exam', 'physical_failed', 'inspection', 'inspection_failed', 'proposed', 'objection_upheld', 'hired')),
    precheck TEXT NOT NULL,
    profile_snapshot TEXT NOT NULL,
    reason TEXT,
    exam_no TEXT,
    seat_no INTEGER,
    ticket_code TEXT,
    checked_in_at TIMESTAMP,
    checked_in_by TEXT REFERENCES users (id),
    written_result TEXT CHECK (written_result IN ('scored', 'absent')),
    written_x100 INTEGER CHECK (written_x100 BETWEEN 0 AND 100000),
    written_rank INTEGER,
    interview_result TEXT CHECK (interview_result IN ('scored', 'absent')),
    interview_x100 INTEGER CHECK (interview_x100 BETWEEN 0 AND 100000),
    total_x100 INTEGER,
    final_rank INTEGER,
    notice_id TEXT REFERENCES recruitment_notices (id),
    decided_by TEXT REFERENCES users (id),
    submitted_at TIMESTAMP NOT NULL,
    decided_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
-- One live sign-up per person and recruitment (withdrawn, rejected and cut ones free the person to
-- choose again); exam numbers and ticket codes are unique. The rules check first; these indexes are
-- the last line of defence.
CREATE UNIQUE INDEX recruitment_applications_one_per_person ON recruitment_applications (recruitment_id, applicant_id)
    WHERE status NOT IN ('withdrawn', 'rejected', 'post_cut');
CREATE UNIQUE INDEX recruitment_applications_exam_no_key ON recruitment_applications (exam_no);
CREATE UNIQUE INDEX recruitment_applications_ticket_key ON recruitment_applications (ticket_code);
CREATE INDEX recruitment_applications_post_idx ON recruitment_applications (post_id, status);
CREATE INDEX recruitment_applications_applicant_idx ON recruitment_applications (applicant_id);

CREATE TABLE recruitment_application_files (
    application_id TEXT NOT NULL REFERENCES recruitment_applications (id),
    attachment_id TEXT NOT NULL REFERENCES attachments (id),
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    PRIMARY KEY (application_id, attachment_id)
);

-- Every move of an application: who, when, why (a promotion after a failure names whom it replaced).
CREATE TABLE recruitment_events (
    id TEXT PRIMARY KEY NOT NULL,
    application_id TEXT NOT NULL REFERENCES recruitment_applications (id),
    action TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    actor_id TEXT,
    actor_role TEXT,
    reason TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX recruitment_events_application_idx ON recruitment_events (application_id, created_at);

CREATE TABLE recruitment_objections (
    id TEXT PRIMARY KEY NOT NULL,
    notice_id TEXT NOT NULL REFERENCES recruitment_notices (id),
    application_id TEXT NOT NULL REFERENCES recruitment_applications (id),
    reason TEXT NOT NULL,
    contact TEXT NOT NULL,
    ip TEXT,
    status TEXT NOT NULL CHECK (status IN ('open', 'upheld', 'dismissed')),
    resolution_note TEXT,
    resolved_by TEXT REFERENCES users (id),
    resolved_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX recruitment_objections_notice_idx ON recruitment_objections (notice_id, status);
