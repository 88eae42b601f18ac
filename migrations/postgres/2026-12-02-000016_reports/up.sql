-- A frozen year (年度数据冻结): the figures as they were reported upward, stored whole with their
-- SHA-256, so late corrections show as differences instead of silently changing what was sent.
CREATE TABLE report_freezes (
    year INTEGER PRIMARY KEY NOT NULL,
    report_json TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    frozen_by TEXT NOT NULL REFERENCES users (id),
    frozen_at TIMESTAMP NOT NULL
);

-- The annual summary's settings (年度总结设置): one row, edited by the administrator. A NULL
-- template means the default one shipped in templates/reports/.
CREATE TABLE report_settings (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    county_name TEXT NOT NULL,
    department_name TEXT NOT NULL,
    count_style TEXT NOT NULL CHECK (count_style IN ('more_than', 'exact')),
    money_style TEXT NOT NULL CHECK (money_style IN ('wan', 'yuan')),
    summary_template TEXT,
    updated_by TEXT REFERENCES users (id),
    updated_at TIMESTAMP
);
INSERT INTO report_settings (id, county_name, department_name, count_style, money_style)
VALUES (1, '本县', '县委组织部人才工作领导小组办公室', 'more_than', 'wan');
