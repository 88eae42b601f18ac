DROP TABLE recruitment_objections;
DROP TABLE recruitment_events;
DROP TABLE recruitment_application_files;
DROP TABLE recruitment_applications;
DROP TABLE recruitment_notices;
DROP TABLE recruitment_posts;
DROP TABLE recruitments;
ALTER TABLE enterprises DROP COLUMN kind;
