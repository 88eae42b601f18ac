DROP TABLE employment_intents;
DROP TABLE fair_booth_positions;
DROP TABLE fair_booths;
DROP TABLE fair_registrations;
DROP TABLE job_fairs;
