-- The county's administrative divisions as reference data: townships (乡镇) and their villages and
-- communities (村/社区). A village carries its poverty flag (贫困村) and the year that flag took
-- effect; a merged village (行政村布局调整) keeps its row and points to the village it joined, with
-- the year, so that counts for an earlier year still see it.
CREATE TABLE townships (
    id TEXT PRIMARY KEY NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX townships_code_key ON townships (code);

CREATE TABLE villages (
    id TEXT PRIMARY KEY NOT NULL,
    township_id TEXT NOT NULL REFERENCES townships (id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('village', 'community')),
    poor_village BOOLEAN NOT NULL,
    poor_changed_year INTEGER CHECK (poor_changed_year BETWEEN 1949 AND 2100),
    established_year INTEGER CHECK (established_year BETWEEN 1949 AND 2100),
    merged_into_id TEXT REFERENCES villages (id),
    merged_year INTEGER CHECK (merged_year BETWEEN 1949 AND 2100),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK ((merged_into_id IS NULL) = (merged_year IS NULL)),
    CHECK (merged_into_id IS NULL OR merged_into_id <> id)
);
CREATE UNIQUE INDEX villages_code_key ON villages (code);
CREATE INDEX villages_township_idx ON villages (township_id, code);
CREATE INDEX villages_merged_into_idx ON villages (merged_into_id);

-- A talent may name their home village.
ALTER TABLE talent_profiles ADD COLUMN home_village_id TEXT REFERENCES villages (id);
CREATE INDEX talent_profiles_home_village_idx ON talent_profiles (home_village_id);

-- The 'several college students per village' plan (一村多名大学生计划): one round per year.
CREATE TABLE village_plan_rounds (
    id TEXT PRIMARY KEY NOT NULL,
    year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    title TEXT NOT NULL,
    description TEXT,
    status TEXT NOT NULL CHECK (status IN ('draft', 'open', 'closed')),
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX village_plan_rounds_year_key ON village_plan_rounds (year);

-- A candidate of a round: an applicant who applied (user_id set) or a villager HR entered. The
-- person is the keyed hash of their ID number; only the masked number is kept.
CREATE TABLE village_plan_candidates (
    id TEXT PRIMARY KEY NOT NULL,
    round_id TEXT NOT NULL REFERENCES village_plan_rounds (id),
    user_id TEXT REFERENCES users (id),
    full_name TEXT NOT NULL,
    id_number_hash TEXT NOT NULL,
    id_number_masked TEXT NOT NULL,
    phone TEXT NOT NULL,
    email TEXT,
    village_id TEXT NOT NULL REFERENCES villages (id),
    occupation TEXT,
    status TEXT NOT NULL CHECK (status IN ('applied', 'recommended', 'declined', 'withdrawn', 'admitted', 'not_admitted')),
    institution TEXT,
    programme TEXT,
    reason TEXT,
    entered_by TEXT REFERENCES users (id),
    decided_by TEXT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (status <> 'admitted' OR (institution IS NOT NULL AND programme IS NOT NULL))
);
-- One live candidacy per person and round (a withdrawn one frees the person to apply again); the
-- operation checks first under its lock, this index is the last line of defence.
CREATE UNIQUE INDEX village_plan_candidates_one_per_person ON village_plan_candidates (round_id, id_number_hash)
    WHERE status <> 'withdrawn';
CREATE INDEX village_plan_candidates_round_idx ON village_plan_candidates (round_id, status);
CREATE INDEX village_plan_candidates_user_idx ON village_plan_candidates (user_id);
CREATE INDEX village_plan_candidates_village_idx ON village_plan_candidates (village_id);
