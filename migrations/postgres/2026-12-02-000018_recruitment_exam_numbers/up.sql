-- Exam numbers (准考证号) are year + post code + seat, and post codes are unique only within a
-- recruitment: two recruitments of one year may both have post 001. The number is unique per
-- recruitment, not across all of them.
DROP INDEX recruitment_applications_exam_no_key;
CREATE UNIQUE INDEX recruitment_applications_exam_no_key ON recruitment_applications (recruitment_id, exam_no);
-- One seat per post: the seat is the last part of the exam number.
CREATE UNIQUE INDEX recruitment_applications_seat_key ON recruitment_applications (post_id, seat_no);
