-- Core: centres, departments, accounts, sessions, rate counters, policies,
-- calendars and the tamper-evident audit log. Instants are UTC TIMESTAMPs
-- written by Go; business dates are TEXT 'YYYY-MM-DD' (Asia/Shanghai).

CREATE TABLE centres (
    id          INTEGER PRIMARY KEY,
    parent_id   INTEGER REFERENCES centres(id),
    region_code TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL,
    name_en     TEXT    NOT NULL DEFAULT '',
    level       INTEGER NOT NULL DEFAULT 5,
    created_at  TIMESTAMP NOT NULL
);

CREATE TABLE departments (
    id          INTEGER PRIMARY KEY,
    centre_id   INTEGER NOT NULL REFERENCES centres(id),
    name        TEXT    NOT NULL,
    name_en     TEXT    NOT NULL DEFAULT '',
    credit_code TEXT    NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    UNIQUE (centre_id, name)
);

CREATE TABLE users (
    id                   INTEGER PRIMARY KEY,
    centre_id            INTEGER NOT NULL REFERENCES centres(id),
    department_id        INTEGER REFERENCES departments(id),
    username             TEXT    NOT NULL UNIQUE CHECK (username <> '' AND username = lower(trim(username))),
    display_name         TEXT    NOT NULL,
    staff_no             TEXT    NOT NULL DEFAULT '',
    phone                TEXT    NOT NULL DEFAULT '',
    password_hash        TEXT    NOT NULL CHECK (password_hash <> ''),
    must_change_password INTEGER NOT NULL DEFAULT 1,
    password_changed_at  TIMESTAMP NOT NULL,
    failed_logins        INTEGER NOT NULL DEFAULT 0,
    locked_until         TIMESTAMP,
    last_login_at        TIMESTAMP,
    disabled             INTEGER NOT NULL DEFAULT 0,
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL
);

CREATE TABLE password_history (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users(id),
    password_hash TEXT    NOT NULL,
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX password_history_user ON password_history(user_id, id);

CREATE TABLE user_grants (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users(id),
    role          TEXT    NOT NULL,
    centre_id     INTEGER NOT NULL REFERENCES centres(id),
    department_id INTEGER REFERENCES departments(id),
    created_at    TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX user_grants_unique ON user_grants(user_id, role, centre_id, COALESCE(department_id, 0));
-- No person may hold two of the three 等保 administrator roles (SECURITY.md item 8).
CREATE UNIQUE INDEX user_grants_one_admin ON user_grants(user_id) WHERE role IN ('sysadmin', 'secadmin', 'auditadmin');

CREATE TABLE sessions (
    token_hash   TEXT    PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id),
    created_at   TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    source       TEXT    NOT NULL DEFAULT '',
    user_agent   TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

-- Fixed-window counters shared by every instance (SECURITY.md item 33).
CREATE TABLE rate_counters (
    bucket       TEXT    NOT NULL,
    window_start TIMESTAMP NOT NULL,
    hits         INTEGER NOT NULL,
    PRIMARY KEY (bucket, window_start)
);

CREATE TABLE policies (
    id             INTEGER PRIMARY KEY,
    centre_id      INTEGER NOT NULL REFERENCES centres(id),
    version        INTEGER NOT NULL,
    effective_from TEXT    NOT NULL,
    document       TEXT    NOT NULL,
    sha256         TEXT    NOT NULL,
    note           TEXT    NOT NULL DEFAULT '',
    created_by     TEXT    NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    UNIQUE (centre_id, version)
);

-- National working-day calendar: only the days that differ from Mon-Fri
-- (public holidays off = 1, make-up working days 调休 off = 0).
CREATE TABLE calendar_days (
    date       TEXT    PRIMARY KEY,
    off        INTEGER NOT NULL,
    name       TEXT    NOT NULL DEFAULT '',
    source     TEXT    NOT NULL DEFAULT '',
    updated_at TIMESTAMP NOT NULL
);

-- A hall's opening exceptions, separate from the legal calendar (STANDARDS.md R6.12).
CREATE TABLE hall_days (
    centre_id  INTEGER NOT NULL REFERENCES centres(id),
    date       TEXT    NOT NULL,
    open       INTEGER NOT NULL,
    hours      TEXT    NOT NULL DEFAULT '',
    note       TEXT    NOT NULL DEFAULT '',
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (centre_id, date)
);

-- Append-only, hash-chained audit log (DOMAIN.md SEC-4; SECURITY.md items 11-13, 49).
CREATE TABLE audit_log (
    seq            INTEGER PRIMARY KEY,
    at             TIMESTAMP NOT NULL,
    centre_id      INTEGER,
    actor_id       INTEGER,
    actor          TEXT    NOT NULL,
    role           TEXT    NOT NULL DEFAULT '',
    source         TEXT    NOT NULL DEFAULT '',
    action         TEXT    NOT NULL,
    object_type    TEXT    NOT NULL DEFAULT '',
    object_id      TEXT    NOT NULL DEFAULT '',
    before_json    TEXT    NOT NULL DEFAULT '',
    after_json     TEXT    NOT NULL DEFAULT '',
    result         TEXT    NOT NULL,
    rule_id        TEXT    NOT NULL DEFAULT '',
    policy_version INTEGER NOT NULL DEFAULT 0,
    request_id     TEXT    NOT NULL DEFAULT '',
    prev_hash      TEXT    NOT NULL,
    hash           TEXT    NOT NULL
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_object ON audit_log(object_type, object_id);
CREATE INDEX audit_log_actor ON audit_log(actor_id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- The chain head: serialises appends on both engines and detects a cut tail.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT    NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');
