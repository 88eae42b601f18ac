DROP TABLE positions;
DROP TABLE enterprises;
