-- Organisation: service windows with their A and B posts (DOMAIN.md ORG-1,
-- ORG-2), the departments each window serves, and a minimal service-item
-- catalogue (CAT-1; STANDARDS.md R3.6, R9.1, R9.2). The catalogue issue
-- extends service_items in a later migration.

CREATE TABLE windows (
    id         INTEGER PRIMARY KEY,
    centre_id  INTEGER NOT NULL REFERENCES centres(id),
    number     TEXT    NOT NULL CHECK (number <> ''),
    name       TEXT    NOT NULL CHECK (name <> ''),
    name_en    TEXT    NOT NULL DEFAULT '',
    zone       TEXT    NOT NULL DEFAULT '',
    kind       TEXT    NOT NULL DEFAULT 'specialised' CHECK (kind IN ('general', 'specialised')),
    a_user_id  INTEGER REFERENCES users(id),
    b_user_id  INTEGER REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (centre_id, number),
    -- The A post and the B post are two different people (ORG-2).
    CHECK (a_user_id <> b_user_id)
);
CREATE INDEX windows_a_user ON windows(a_user_id);
CREATE INDEX windows_b_user ON windows(b_user_id);

CREATE TABLE window_departments (
    window_id     INTEGER NOT NULL REFERENCES windows(id),
    department_id INTEGER NOT NULL REFERENCES departments(id),
    PRIMARY KEY (window_id, department_id)
);
CREATE INDEX window_departments_department ON window_departments(department_id);

CREATE TABLE service_items (
    id              INTEGER PRIMARY KEY,
    centre_id       INTEGER NOT NULL REFERENCES centres(id),
    department_id   INTEGER NOT NULL REFERENCES departments(id),
    name            TEXT    NOT NULL CHECK (name <> ''),
    name_en         TEXT    NOT NULL DEFAULT '',
    basic_code      TEXT    NOT NULL DEFAULT '' CHECK (length(basic_code) <= 12),
    impl_code       TEXT    NOT NULL CHECK (impl_code <> '' AND length(impl_code) <= 50),
    version         INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    item_type       TEXT    NOT NULL CHECK (item_type GLOB '[0-9][0-9]'),
    case_kind       TEXT    NOT NULL CHECK (case_kind IN ('immediate', 'promised', 'reported', 'joint', 'petition', 'consultation')),
    promised_limit  INTEGER NOT NULL CHECK (promised_limit >= 0),
    promised_unit   TEXT    NOT NULL CHECK (promised_unit IN ('working_days', 'calendar_days', 'hours', 'on_the_spot')),
    statutory_limit INTEGER NOT NULL CHECK (statutory_limit >= 0),
    statutory_unit  TEXT    NOT NULL CHECK (statutory_unit IN ('working_days', 'calendar_days', 'hours', 'on_the_spot')),
    fee             TEXT    NOT NULL DEFAULT '',
    appointment     INTEGER NOT NULL DEFAULT 0,
    created_at      TIMESTAMP NOT NULL,
    UNIQUE (centre_id, impl_code, version),
    -- The promised limit may only be shorter than the statutory one (C-0, R1.13).
    CHECK (promised_unit <> statutory_unit OR promised_limit <= statutory_limit)
);
CREATE INDEX service_items_department ON service_items(department_id);

CREATE TABLE window_items (
    window_id INTEGER NOT NULL REFERENCES windows(id),
    item_id   INTEGER NOT NULL REFERENCES service_items(id),
    PRIMARY KEY (window_id, item_id)
);
CREATE INDEX window_items_item ON window_items(item_id);
