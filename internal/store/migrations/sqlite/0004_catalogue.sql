-- Service catalogue (DOMAIN.md CAT-1..3; STANDARDS.md R3.6-R3.11, R9.1-R9.2):
-- every CAT-1 field of an item version, its materials checklist, the
-- co-approving departments of joint items, uploaded files (blank forms,
-- filled-in samples, staff photos), and departments' credit codes and chief
-- representatives (ORG-4).

CREATE TABLE files (
    id           INTEGER PRIMARY KEY,
    centre_id    INTEGER NOT NULL REFERENCES centres(id),
    name         TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size         INTEGER NOT NULL CHECK (size >= 0),
    sha256       TEXT    NOT NULL,
    data         BLOB    NOT NULL,
    created_at   TIMESTAMP NOT NULL
);

ALTER TABLE departments ADD COLUMN credit_code_override INTEGER NOT NULL DEFAULT 0;
ALTER TABLE departments ADD COLUMN chief_rep_user_id INTEGER REFERENCES users(id);
ALTER TABLE users ADD COLUMN photo_file_id INTEGER REFERENCES files(id);

ALTER TABLE service_items ADD COLUMN status TEXT NOT NULL DEFAULT 'published' CHECK (status IN ('draft', 'published', 'superseded'));
ALTER TABLE service_items ADD COLUMN fee_basis TEXT NOT NULL DEFAULT '';
ALTER TABLE service_items ADD COLUMN legal_basis TEXT NOT NULL DEFAULT '';
ALTER TABLE service_items ADD COLUMN conditions TEXT NOT NULL DEFAULT '';
ALTER TABLE service_items ADD COLUMN steps TEXT NOT NULL DEFAULT '[]';
ALTER TABLE service_items ADD COLUMN upper_approval INTEGER NOT NULL DEFAULT 0;
ALTER TABLE service_items ADD COLUMN service_object TEXT NOT NULL DEFAULT '';
ALTER TABLE service_items ADD COLUMN result_name TEXT NOT NULL DEFAULT '';
ALTER TABLE service_items ADD COLUMN online INTEGER NOT NULL DEFAULT 0;
ALTER TABLE service_items ADD COLUMN place TEXT NOT NULL DEFAULT '';
ALTER TABLE service_items ADD COLUMN hours TEXT NOT NULL DEFAULT '';
ALTER TABLE service_items ADD COLUMN consult_phone TEXT NOT NULL DEFAULT '';
ALTER TABLE service_items ADD COLUMN supervise_phone TEXT NOT NULL DEFAULT '';
ALTER TABLE service_items ADD COLUMN life_events TEXT NOT NULL DEFAULT '[]';
ALTER TABLE service_items ADD COLUMN faq TEXT NOT NULL DEFAULT '[]';
ALTER TABLE service_items ADD COLUMN search_key TEXT NOT NULL DEFAULT '';
ALTER TABLE service_items ADD COLUMN published_at TIMESTAMP;
-- At most one published version of an item at a time.
CREATE UNIQUE INDEX service_items_one_published ON service_items(centre_id, impl_code) WHERE status = 'published';

CREATE TABLE item_departments (
    item_id       INTEGER NOT NULL REFERENCES service_items(id),
    department_id INTEGER NOT NULL REFERENCES departments(id),
    PRIMARY KEY (item_id, department_id)
);

CREATE TABLE item_materials (
    id                 INTEGER PRIMARY KEY,
    item_id            INTEGER NOT NULL REFERENCES service_items(id),
    position           INTEGER NOT NULL,
    name               TEXT    NOT NULL CHECK (name <> ''),
    name_en            TEXT    NOT NULL DEFAULT '',
    issuer             TEXT    NOT NULL DEFAULT '',
    originals          INTEGER NOT NULL CHECK (originals BETWEEN 0 AND 99),
    copies             INTEGER NOT NULL CHECK (copies BETWEEN 0 AND 99),
    required           INTEGER NOT NULL,
    needed_when        TEXT    NOT NULL DEFAULT '',
    blank_form_file_id INTEGER REFERENCES files(id),
    sample_file_id     INTEGER REFERENCES files(id),
    UNIQUE (item_id, position)
);
