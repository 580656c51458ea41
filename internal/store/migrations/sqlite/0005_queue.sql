-- Queue and calling (DOMAIN.md §3 Q-1..Q-7, FI-2, AB-1, RT-1; STANDARDS.md
-- R4.1-R4.8; SECURITY.md items 33, 44, 45): queues per service group with a
-- letter prefix, registered devices (kiosks, hall displays, evaluation pads),
-- daily counters, tickets and their events, window states and pauses,
-- recorded staff absences (the seam the staff issue fills from approved
-- leave) and on-site ratings.

CREATE TABLE queues (
    id          INTEGER PRIMARY KEY,
    centre_id   INTEGER NOT NULL REFERENCES centres(id),
    prefix      TEXT    NOT NULL CHECK (prefix GLOB '[A-Z]' OR prefix GLOB '[A-Z][A-Z]'),
    name        TEXT    NOT NULL CHECK (name <> ''),
    name_en     TEXT    NOT NULL DEFAULT '',
    icon        TEXT    NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0,
    daily_limit INTEGER NOT NULL DEFAULT 0 CHECK (daily_limit >= 0),
    active      INTEGER NOT NULL DEFAULT 1,
    created_at  TIMESTAMP NOT NULL,
    UNIQUE (centre_id, prefix)
);

-- The departments whose items a queue offers at the kiosk.
CREATE TABLE queue_departments (
    queue_id      INTEGER NOT NULL REFERENCES queues(id),
    department_id INTEGER NOT NULL REFERENCES departments(id),
    PRIMARY KEY (queue_id, department_id)
);

-- The windows that call a queue.
CREATE TABLE queue_windows (
    queue_id  INTEGER NOT NULL REFERENCES queues(id),
    window_id INTEGER NOT NULL REFERENCES windows(id),
    PRIMARY KEY (queue_id, window_id)
);
CREATE INDEX queue_windows_window ON queue_windows(window_id);

-- One row per queue and service day: the last number issued (SECURITY.md item 44).
CREATE TABLE queue_counters (
    queue_id     INTEGER NOT NULL REFERENCES queues(id),
    service_date TEXT    NOT NULL,
    last_no      INTEGER NOT NULL CHECK (last_no >= 1),
    PRIMARY KEY (queue_id, service_date)
);

CREATE TABLE devices (
    id              INTEGER PRIMARY KEY,
    centre_id       INTEGER NOT NULL REFERENCES centres(id),
    kind            TEXT    NOT NULL CHECK (kind IN ('kiosk', 'display', 'pad')),
    name            TEXT    NOT NULL CHECK (name <> ''),
    window_id       INTEGER REFERENCES windows(id),
    token_hash      TEXT    NOT NULL DEFAULT '',
    pair_code_hash  TEXT    NOT NULL DEFAULT '',
    pair_expires_at TIMESTAMP,
    paired_at       TIMESTAMP,
    last_seen_at    TIMESTAMP,
    revoked         INTEGER NOT NULL DEFAULT 0,
    created_at      TIMESTAMP NOT NULL,
    -- An evaluation pad belongs to one window (RT-1).
    CHECK (kind <> 'pad' OR window_id IS NOT NULL)
);
CREATE UNIQUE INDEX devices_token ON devices(token_hash) WHERE token_hash <> '';
CREATE UNIQUE INDEX devices_pair_code ON devices(pair_code_hash) WHERE pair_code_hash <> '';

CREATE TABLE tickets (
    id               INTEGER PRIMARY KEY,
    centre_id        INTEGER NOT NULL REFERENCES centres(id),
    queue_id         INTEGER NOT NULL REFERENCES queues(id),
    service_date     TEXT    NOT NULL,
    prefix           TEXT    NOT NULL,
    number           INTEGER NOT NULL CHECK (number >= 1),
    item_code        TEXT    NOT NULL DEFAULT '',
    item_name        TEXT    NOT NULL DEFAULT '',
    kind             TEXT    NOT NULL DEFAULT 'normal' CHECK (kind IN ('normal', 'green', 'appointment')),
    kind_reason      TEXT    NOT NULL DEFAULT '',
    status           TEXT    NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'called', 'serving', 'done', 'no_show', 'cancelled')),
    order_at         TIMESTAMP NOT NULL,
    slot_at          TIMESTAMP,
    appointment_id   INTEGER,
    id_masked        TEXT    NOT NULL DEFAULT '',
    phone_masked     TEXT    NOT NULL DEFAULT '',
    device_id        INTEGER REFERENCES devices(id),
    issued_by        INTEGER REFERENCES users(id),
    idem_key         TEXT    NOT NULL DEFAULT '',
    status_token     TEXT    NOT NULL UNIQUE,
    window_id        INTEGER REFERENCES windows(id),
    target_window_id INTEGER REFERENCES windows(id),
    call_count       INTEGER NOT NULL DEFAULT 0,
    transfers        INTEGER NOT NULL DEFAULT 0,
    first_owner_id   INTEGER REFERENCES users(id),
    served_by        INTEGER REFERENCES users(id),
    outcome          TEXT    NOT NULL DEFAULT '',
    case_id          INTEGER,
    note             TEXT    NOT NULL DEFAULT '',
    issued_at        TIMESTAMP NOT NULL,
    called_at        TIMESTAMP,
    started_at       TIMESTAMP,
    finished_at      TIMESTAMP,
    -- The backstop of gap-free daily numbering (SECURITY.md item 44).
    UNIQUE (centre_id, service_date, prefix, number)
);
-- A kiosk's retry with the same key finds its ticket (SECURITY.md item 45).
CREATE UNIQUE INDEX tickets_idem ON tickets(centre_id, idem_key) WHERE idem_key <> '';
CREATE INDEX tickets_day_status ON tickets(centre_id, service_date, status, order_at);
CREATE INDEX tickets_window ON tickets(window_id, status);

CREATE TABLE ticket_events (
    id           INTEGER PRIMARY KEY,
    ticket_id    INTEGER NOT NULL REFERENCES tickets(id),
    centre_id    INTEGER NOT NULL REFERENCES centres(id),
    queue_id     INTEGER NOT NULL REFERENCES queues(id),
    service_date TEXT    NOT NULL,
    at           TIMESTAMP NOT NULL,
    kind         TEXT    NOT NULL CHECK (kind IN ('issue', 'call', 'recall', 'no_show', 'reactivate', 'transfer', 'start', 'finish', 'cancel')),
    window_id    INTEGER REFERENCES windows(id),
    user_id      INTEGER REFERENCES users(id),
    reason       TEXT    NOT NULL DEFAULT '',
    detail       TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX ticket_events_day ON ticket_events(centre_id, service_date, id);
CREATE INDEX ticket_events_ticket ON ticket_events(ticket_id);
CREATE INDEX ticket_events_queue ON ticket_events(queue_id, service_date, id);

-- Who is on post at a window and whether it takes calls (Q-4, AB-1).
CREATE TABLE window_states (
    window_id INTEGER PRIMARY KEY REFERENCES windows(id),
    state     TEXT    NOT NULL CHECK (state IN ('closed', 'open', 'paused')),
    user_id   INTEGER REFERENCES users(id),
    post      TEXT    NOT NULL DEFAULT '' CHECK (post IN ('', 'A', 'B')),
    reason    TEXT    NOT NULL DEFAULT '',
    since     TIMESTAMP NOT NULL,
    ticket_id INTEGER REFERENCES tickets(id)
);

CREATE TABLE window_pauses (
    id           INTEGER PRIMARY KEY,
    window_id    INTEGER NOT NULL REFERENCES windows(id),
    centre_id    INTEGER NOT NULL REFERENCES centres(id),
    service_date TEXT    NOT NULL,
    user_id      INTEGER REFERENCES users(id),
    reason       TEXT    NOT NULL,
    started_at   TIMESTAMP NOT NULL,
    ended_at     TIMESTAMP
);
CREATE INDEX window_pauses_day ON window_pauses(centre_id, service_date);

-- Approved absences of staff (leave, business trips, meetings). The staff
-- issue writes these from approved leave; until then the duty chief or the
-- office records them. A/B cover reads them (AB-1, Q-5).
CREATE TABLE staff_absences (
    id          INTEGER PRIMARY KEY,
    centre_id   INTEGER NOT NULL REFERENCES centres(id),
    user_id     INTEGER NOT NULL REFERENCES users(id),
    kind        TEXT    NOT NULL CHECK (kind IN ('leave', 'business_trip', 'meeting', 'other')),
    starts_at   TIMESTAMP NOT NULL,
    ends_at     TIMESTAMP NOT NULL,
    reason      TEXT    NOT NULL DEFAULT '',
    recorded_by INTEGER REFERENCES users(id),
    created_at  TIMESTAMP NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX staff_absences_user ON staff_absences(user_id, ends_at);

-- On-site ratings from the evaluation pad: one per service occasion (R4.6).
CREATE TABLE ratings (
    id            INTEGER PRIMARY KEY,
    centre_id     INTEGER NOT NULL REFERENCES centres(id),
    ticket_id     INTEGER UNIQUE REFERENCES tickets(id),
    case_id       INTEGER,
    window_id     INTEGER REFERENCES windows(id),
    staff_user_id INTEGER REFERENCES users(id),
    device_id     INTEGER REFERENCES devices(id),
    channel       TEXT    NOT NULL,
    attitude      INTEGER NOT NULL CHECK (attitude BETWEEN 1 AND 5),
    efficiency    INTEGER NOT NULL CHECK (efficiency BETWEEN 1 AND 5),
    code          INTEGER NOT NULL CHECK (code BETWEEN 1 AND 5),
    reasons       TEXT    NOT NULL DEFAULT '[]',
    comment       TEXT    NOT NULL DEFAULT '',
    count         INTEGER NOT NULL DEFAULT 1,
    service_date  TEXT    NOT NULL,
    rated_at      TIMESTAMP NOT NULL
);
CREATE INDEX ratings_day ON ratings(centre_id, service_date);
CREATE INDEX ratings_staff ON ratings(staff_user_id, service_date);
