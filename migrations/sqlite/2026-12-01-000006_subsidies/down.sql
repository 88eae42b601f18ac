DROP TABLE subsidy_objections;
DROP TABLE subsidy_events;
DROP TABLE subsidy_application_files;
DROP TABLE subsidy_applications;
DROP TABLE subsidy_notices;
DROP TABLE subsidy_budgets;
DROP TABLE subsidy_policies;
