-- Enterprises (registered by an employer account, verified by HR) and their positions.
-- Salaries are whole yuan per month; an enterprise's credit code is stored upper-case.
CREATE TABLE enterprises (
    id TEXT PRIMARY KEY NOT NULL,
    owner_id TEXT NOT NULL REFERENCES users (id),
    name TEXT NOT NULL,
    credit_code TEXT NOT NULL,
    industry TEXT NOT NULL CHECK (industry IN ('agriculture', 'mining', 'manufacturing', 'utilities',
        'construction', 'wholesale_retail', 'transport_logistics', 'hospitality_catering',
        'information_technology', 'finance', 'real_estate', 'business_services', 'research_technology',
        'environment_public_facilities', 'resident_services', 'education', 'health_social_work',
        'culture_sports_entertainment', 'public_administration', 'international_organizations')),
    address TEXT NOT NULL,
    contact_name TEXT NOT NULL,
    contact_phone TEXT NOT NULL,
    size TEXT NOT NULL CHECK (size IN ('micro', 'small', 'medium', 'large')),
    status TEXT NOT NULL CHECK (status IN ('pending', 'verified', 'rejected')),
    rejection_reason TEXT,
    verified_at TIMESTAMP,
    reviewed_by TEXT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (status <> 'rejected' OR rejection_reason IS NOT NULL),
    CHECK (status <> 'verified' OR verified_at IS NOT NULL)
);
CREATE UNIQUE INDEX enterprises_credit_code_key ON enterprises (credit_code);
CREATE UNIQUE INDEX enterprises_owner_key ON enterprises (owner_id);
CREATE INDEX enterprises_status_idx ON enterprises (status, created_at);

CREATE TABLE positions (
    id TEXT PRIMARY KEY NOT NULL,
    enterprise_id TEXT NOT NULL REFERENCES enterprises (id),
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    headcount INTEGER NOT NULL CHECK (headcount > 0),
    salary_min INTEGER NOT NULL CHECK (salary_min >= 0),
    salary_max INTEGER NOT NULL,
    education_requirement TEXT NOT NULL CHECK (education_requirement IN ('none', 'high_school',
        'associate', 'bachelor', 'master', 'doctorate')),
    location TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('job', 'internship')),
    status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (salary_min <= salary_max)
);
CREATE INDEX positions_enterprise_idx ON positions (enterprise_id, created_at);
CREATE INDEX positions_status_idx ON positions (status, created_at);
