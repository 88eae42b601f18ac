DROP TABLE attachments;
DROP TABLE talent_skills;
DROP TABLE talent_categories;
DROP TABLE talent_education;
DROP TABLE talent_profiles;
