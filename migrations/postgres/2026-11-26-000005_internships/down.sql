DROP TABLE internship_applications;
DROP TABLE internship_offers;
DROP TABLE internship_programs;
