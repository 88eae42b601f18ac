DROP TABLE report_settings;
DROP TABLE report_freezes;
