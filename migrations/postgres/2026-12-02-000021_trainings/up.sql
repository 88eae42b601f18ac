-- Skills training for enterprises' technical staff (企业技能人才培训): HR's course with its partner
-- enterprises and sessions, the trainees (nominated by a partner enterprise or signed up by
-- themselves; one place per person and course), their check-in at each session and, once HR
-- completes the course, the decision and the completion certificate.
CREATE TABLE training_courses (
    id TEXT PRIMARY KEY NOT NULL,
    title TEXT NOT NULL,
    trade TEXT NOT NULL,
    organiser TEXT NOT NULL,
    description TEXT,
    capacity INTEGER NOT NULL CHECK (capacity > 0),
    threshold_percent INTEGER NOT NULL CHECK (threshold_percent BETWEEN 1 AND 100),
    status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'closed', 'completed', 'cancelled')),
    completed_at TIMESTAMP,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX training_courses_status_idx ON training_courses (status);

CREATE TABLE training_partners (
    id TEXT PRIMARY KEY NOT NULL,
    course_id TEXT NOT NULL REFERENCES training_courses (id),
    enterprise_id TEXT NOT NULL REFERENCES enterprises (id)
);
CREATE UNIQUE INDEX training_partners_key ON training_partners (course_id, enterprise_id);

CREATE TABLE training_sessions (
    id TEXT PRIMARY KEY NOT NULL,
    course_id TEXT NOT NULL REFERENCES training_courses (id),
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    venue TEXT NOT NULL,
    hours INTEGER NOT NULL CHECK (hours > 0),
    CHECK (ends_at > starts_at)
);
CREATE INDEX training_sessions_course_idx ON training_sessions (course_id, starts_at);

CREATE TABLE training_trainees (
    id TEXT PRIMARY KEY NOT NULL,
    course_id TEXT NOT NULL REFERENCES training_courses (id),
    user_id TEXT REFERENCES users (id),
    enterprise_id TEXT REFERENCES enterprises (id),
    full_name TEXT NOT NULL,
    id_number_hash TEXT NOT NULL,
    id_number_masked TEXT NOT NULL,
    email TEXT,
    locale TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('nominated', 'signed_up')),
    ticket_code TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('enrolled', 'completed', 'not_completed')),
    attended_hours INTEGER,
    certificate_code TEXT,
    decided_at TIMESTAMP,
    added_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
-- The last line of defence: one place per person (keyed hash of the ID number) and course.
CREATE UNIQUE INDEX training_trainees_person_key ON training_trainees (course_id, id_number_hash);
CREATE UNIQUE INDEX training_trainees_ticket_key ON training_trainees (ticket_code);
CREATE UNIQUE INDEX training_trainees_certificate_key ON training_trainees (certificate_code);
CREATE INDEX training_trainees_user_idx ON training_trainees (user_id);

CREATE TABLE training_attendance (
    id TEXT PRIMARY KEY NOT NULL,
    session_id TEXT NOT NULL REFERENCES training_sessions (id),
    trainee_id TEXT NOT NULL REFERENCES training_trainees (id),
    checked_in_at TIMESTAMP NOT NULL,
    checked_in_by TEXT NOT NULL REFERENCES users (id)
);
-- Checked in once per session.
CREATE UNIQUE INDEX training_attendance_key ON training_attendance (session_id, trainee_id);
