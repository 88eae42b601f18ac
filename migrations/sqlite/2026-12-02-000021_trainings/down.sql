DROP TABLE training_attendance;
DROP TABLE training_trainees;
DROP TABLE training_sessions;
DROP TABLE training_partners;
DROP TABLE training_courses;
