-- Talent profiles. The ID number and bank account are stored only encrypted (AES-256-GCM) with a
-- masked copy for display; one profile per person is enforced on a keyed hash of the ID number.
CREATE TABLE talent_profiles (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    full_name TEXT NOT NULL,
    id_number_enc TEXT NOT NULL,
    id_number_hash TEXT NOT NULL,
    id_number_masked TEXT NOT NULL,
    birth_date DATE NOT NULL,
    gender TEXT NOT NULL CHECK (gender IN ('male', 'female')),
    phone TEXT NOT NULL,
    highest_education TEXT,
    current_employer TEXT,
    bank_name TEXT,
    bank_account_enc TEXT,
    bank_account_masked TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX talent_profiles_id_hash_key ON talent_profiles (id_number_hash);
CREATE INDEX talent_profiles_updated_idx ON talent_profiles (updated_at);

CREATE TABLE talent_education (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES talent_profiles (user_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('high_school', 'associate', 'bachelor', 'master', 'doctorate')),
    school TEXT NOT NULL,
    major TEXT,
    graduation_year INTEGER NOT NULL
);
CREATE INDEX talent_education_user_idx ON talent_education (user_id);

CREATE TABLE talent_categories (
    user_id TEXT NOT NULL REFERENCES talent_profiles (user_id) ON DELETE CASCADE,
    category TEXT NOT NULL,
    PRIMARY KEY (user_id, category)
);
CREATE INDEX talent_categories_category_idx ON talent_categories (category);

CREATE TABLE talent_skills (
    user_id TEXT NOT NULL REFERENCES talent_profiles (user_id) ON DELETE CASCADE,
    skill TEXT NOT NULL,
    PRIMARY KEY (user_id, skill)
);
CREATE INDEX talent_skills_skill_idx ON talent_skills (skill);

-- Attachments: the bytes live on disk under the data dir, named by their SHA-256.
CREATE TABLE attachments (
    id TEXT PRIMARY KEY NOT NULL,
    owner_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('resume', 'diploma', 'id_card', 'certificate', 'other')),
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX attachments_owner_idx ON attachments (owner_id);
CREATE INDEX attachments_sha_idx ON attachments (sha256);
