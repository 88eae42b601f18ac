DROP TABLE village_plan_candidates;
DROP TABLE village_plan_rounds;
DROP INDEX talent_profiles_home_village_idx;
ALTER TABLE talent_profiles DROP COLUMN home_village_id;
DROP TABLE villages;
DROP TABLE townships;
