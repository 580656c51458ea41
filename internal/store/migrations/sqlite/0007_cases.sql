-- Cases 办件 (DOMAIN.md §4 FI-1..4, ON-1..5, §5 C-0..C-11, §6 SUP-1..3;
-- STANDARDS.md R1, R3.12-R3.17, R5.1-R5.6, R7, R8, R9.3-R9.4; SECURITY.md
-- items 18, 23-28, 32): first-inquiry records, cases with their materials
-- checklist, notices, steps, department approvals, clock pauses, the one
-- extension, fees, supervision warnings, the notification outbox, the
-- violations register (filled here by ON-2; the accountability issue adds
-- the rest) and per-centre document counters.

-- One row per centre, kind and period: the last number given (case numbers,
-- notice document numbers, supervision numbers). Advanced by an upsert in the
-- transaction that uses the number, like queue_counters.
CREATE TABLE doc_counters (
    centre_id INTEGER NOT NULL REFERENCES centres(id),
    kind      TEXT    NOT NULL,
    period    TEXT    NOT NULL,
    last_no   INTEGER NOT NULL,
    PRIMARY KEY (centre_id, kind, period)
);

-- First inquiry 首问 (FI-1..FI-3).
CREATE TABLE inquiries (
    id                   INTEGER PRIMARY KEY,
    centre_id            INTEGER NOT NULL REFERENCES centres(id),
    channel              TEXT    NOT NULL CHECK (channel IN ('window', 'guide', 'phone')),
    owner_id             INTEGER NOT NULL REFERENCES users(id),
    window_id            INTEGER REFERENCES windows(id),
    ticket_id            INTEGER REFERENCES tickets(id),
    asker_name           TEXT    NOT NULL DEFAULT '',
    asker_phone_enc      TEXT    NOT NULL DEFAULT '',
    asker_phone_masked   TEXT    NOT NULL DEFAULT '',
    question             TEXT    NOT NULL,
    answer               TEXT    NOT NULL DEFAULT '',
    status               TEXT    NOT NULL CHECK (status IN ('open', 'handed', 'routing', 'routed', 'closed')),
    outcome              TEXT    NOT NULL DEFAULT '',
    handed_window_id     INTEGER REFERENCES windows(id),
    routed_department_id INTEGER REFERENCES departments(id),
    routed_by            INTEGER REFERENCES users(id),
    case_id              INTEGER,
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL,
    closed_at            TIMESTAMP
);
CREATE INDEX inquiries_owner ON inquiries(owner_id, status);
CREATE INDEX inquiries_centre ON inquiries(centre_id, status, created_at);

CREATE TABLE cases (
    id                 INTEGER PRIMARY KEY,
    centre_id          INTEGER NOT NULL REFERENCES centres(id),
    case_no            TEXT    NOT NULL UNIQUE,
    item_id            INTEGER NOT NULL REFERENCES service_items(id),
    item_version       INTEGER NOT NULL,
    item_code          TEXT    NOT NULL,
    item_name          TEXT    NOT NULL,
    department_id      INTEGER NOT NULL REFERENCES departments(id),
    kind               TEXT    NOT NULL,
    status             TEXT    NOT NULL CHECK (status IN ('received', 'supplement', 'consulted', 'returned', 'accepted', 'reviewed', 'approved', 'completed', 'refused')),
    source             TEXT    NOT NULL CHECK (source IN ('ticket', 'inquiry', 'agent', 'walk_in')),
    ticket_id          INTEGER REFERENCES tickets(id),
    inquiry_id         INTEGER REFERENCES inquiries(id),
    applicant_type     TEXT    NOT NULL CHECK (applicant_type IN ('person', 'org')),
    applicant_name     TEXT    NOT NULL,
    id_type            TEXT    NOT NULL,
    id_enc             TEXT    NOT NULL DEFAULT '',
    id_masked          TEXT    NOT NULL DEFAULT '',
    id_index           TEXT    NOT NULL DEFAULT '',
    phone_enc          TEXT    NOT NULL DEFAULT '',
    phone_masked       TEXT    NOT NULL DEFAULT '',
    legal_rep          TEXT    NOT NULL DEFAULT '',
    agent_name         TEXT    NOT NULL DEFAULT '',
    agent_id_enc       TEXT    NOT NULL DEFAULT '',
    agent_id_masked    TEXT    NOT NULL DEFAULT '',
    agent_user_id      INTEGER REFERENCES users(id),
    receiver_id        INTEGER NOT NULL REFERENCES users(id),
    window_id          INTEGER REFERENCES windows(id),
    received_at        TIMESTAMP NOT NULL,
    received_date      TEXT    NOT NULL,
    accepted_at        TIMESTAMP,
    accept_date        TEXT    NOT NULL DEFAULT '',
    accept_doc_no      TEXT    NOT NULL DEFAULT '',
    accept_rule        TEXT    NOT NULL DEFAULT '',
    accepted_by        INTEGER REFERENCES users(id),
    query_hash         TEXT    NOT NULL DEFAULT '',
    due_at             TIMESTAMP,
    due_date           TEXT    NOT NULL DEFAULT '',
    due_rule           TEXT    NOT NULL DEFAULT '',
    yellow_at          TIMESTAMP,
    colour             TEXT    NOT NULL DEFAULT 'none' CHECK (colour IN ('none', 'green', 'yellow', 'red')),
    paused_since       TIMESTAMP,
    reviewer_id        INTEGER REFERENCES users(id),
    approver_id        INTEGER REFERENCES users(id),
    decided_at         TIMESTAMP,
    decision_rule      TEXT    NOT NULL DEFAULT '',
    completed_at       TIMESTAMP,
    result_name        TEXT    NOT NULL DEFAULT '',
    result_no          TEXT    NOT NULL DEFAULT '',
    result_valid_until TEXT    NOT NULL DEFAULT '',
    result_desc        TEXT    NOT NULL DEFAULT '',
    delivery           TEXT    NOT NULL DEFAULT '' CHECK (delivery IN ('', 'pickup', 'post')),
    archived_at        TIMESTAMP,
    publish            INTEGER NOT NULL DEFAULT 0,
    policy_version     INTEGER NOT NULL,
    revision           INTEGER NOT NULL DEFAULT 0,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL
);
CREATE INDEX cases_centre_status ON cases(centre_id, status, due_at);
CREATE INDEX cases_due ON cases(status, yellow_at);
CREATE INDEX cases_received ON cases(status, received_date);
CREATE INDEX cases_id_index ON cases(id_index);
CREATE INDEX cases_receiver ON cases(receiver_id, status);
CREATE INDEX cases_completed ON cases(centre_id, publish, completed_at);

-- The item's materials checklist as ticked at intake (ON-1, ON-2, R3.12).
CREATE TABLE case_materials (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases(id),
    position     INTEGER NOT NULL,
    material_id  INTEGER,
    name         TEXT    NOT NULL,
    required     INTEGER NOT NULL,
    state        TEXT    NOT NULL CHECK (state IN ('missing', 'original', 'copy', 'defective', 'not_needed')),
    count        INTEGER NOT NULL DEFAULT 0 CHECK (count >= 0 AND count <= 99),
    defect       TEXT    NOT NULL DEFAULT '',
    submitted_at TIMESTAMP,
    UNIQUE (case_id, position)
);

-- Every notice given to an applicant, print-ready (R1.4, R3.13, ON-2, ON-3).
CREATE TABLE case_notices (
    id         INTEGER PRIMARY KEY,
    centre_id  INTEGER NOT NULL REFERENCES centres(id),
    case_id    INTEGER NOT NULL REFERENCES cases(id),
    kind       TEXT    NOT NULL CHECK (kind IN ('consultation', 'supplement', 'return', 'acceptance', 'pause', 'extension', 'refusal', 'completion')),
    doc_no     TEXT    NOT NULL UNIQUE,
    rule_id    TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    issued_by  INTEGER REFERENCES users(id),
    issued_at  TIMESTAMP NOT NULL,
    prints     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX case_notices_case ON case_notices(case_id, kind);

-- Processing steps (R3.14): one row per step, 1 pending 2 done.
CREATE TABLE case_steps (
    id            INTEGER PRIMARY KEY,
    case_id       INTEGER NOT NULL REFERENCES cases(id),
    name          TEXT    NOT NULL,
    action        TEXT    NOT NULL DEFAULT '' CHECK (action IN ('', 'pass', 'return', 'other')),
    department_id INTEGER REFERENCES departments(id),
    handler_id    INTEGER REFERENCES users(id),
    opinion       TEXT    NOT NULL DEFAULT '',
    status        INTEGER NOT NULL CHECK (status IN (1, 2)),
    started_at    TIMESTAMP NOT NULL,
    ended_at      TIMESTAMP
);
CREATE INDEX case_steps_case ON case_steps(case_id, id);
CREATE INDEX case_steps_open ON case_steps(status, started_at);

-- Department approvals of joint items (C-6), one per department.
CREATE TABLE case_approvals (
    case_id       INTEGER NOT NULL REFERENCES cases(id),
    department_id INTEGER NOT NULL REFERENCES departments(id),
    approver_id   INTEGER REFERENCES users(id),
    decision      TEXT    NOT NULL DEFAULT '' CHECK (decision IN ('', 'approve', 'refuse')),
    opinion       TEXT    NOT NULL DEFAULT '',
    decided_at    TIMESTAMP,
    PRIMARY KEY (case_id, department_id)
);

-- Clock pauses: supplement requests during processing (C-3) and special
-- procedures (R1.12, R3.15 code 2).
CREATE TABLE case_pauses (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases(id),
    kind         TEXT    NOT NULL CHECK (kind IN ('supplement', 'special')),
    procedure    TEXT    NOT NULL DEFAULT '',
    reason       TEXT    NOT NULL,
    notice_id    INTEGER REFERENCES case_notices(id),
    started_by   INTEGER REFERENCES users(id),
    started_at   TIMESTAMP NOT NULL,
    ended_at     TIMESTAMP,
    result       TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX case_pauses_case ON case_pauses(case_id, id);

-- The one extension of a case (C-2, R1.8, R3.15 code 1): the key makes a
-- second one impossible.
CREATE TABLE case_extensions (
    case_id     INTEGER PRIMARY KEY REFERENCES cases(id),
    days        INTEGER NOT NULL CHECK (days > 0),
    reason      TEXT    NOT NULL,
    rule_id     TEXT    NOT NULL,
    approved_by INTEGER NOT NULL REFERENCES users(id),
    approved_at TIMESTAMP NOT NULL,
    notice_id   INTEGER REFERENCES case_notices(id)
);

-- Fees charged from the item's published standard only (CAT-3).
CREATE TABLE case_fees (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    invoice_no  TEXT    NOT NULL UNIQUE,
    amount_fen  INTEGER NOT NULL CHECK (amount_fen > 0),
    unit_fen    INTEGER NOT NULL CHECK (unit_fen > 0),
    quantity    INTEGER NOT NULL CHECK (quantity > 0),
    standard    TEXT    NOT NULL,
    issued_by   INTEGER NOT NULL REFERENCES users(id),
    issued_at   TIMESTAMP NOT NULL,
    receipt_no  TEXT    NOT NULL DEFAULT '',
    paid_by     INTEGER REFERENCES users(id),
    paid_at     TIMESTAMP
);
CREATE INDEX case_fees_case ON case_fees(case_id);

-- Electronic supervision warnings (SUP-2, R5.1-R5.6). The unique key makes
-- the sweeper safe to run twice and on several instances.
CREATE TABLE supervision_warnings (
    id             INTEGER PRIMARY KEY,
    centre_id      INTEGER NOT NULL REFERENCES centres(id),
    case_id        INTEGER NOT NULL REFERENCES cases(id),
    supervision_no TEXT    NOT NULL UNIQUE,
    level          TEXT    NOT NULL CHECK (level IN ('yellow', 'red', 'step')),
    rule_id        TEXT    NOT NULL,
    deadline       TIMESTAMP NOT NULL,
    step_id        INTEGER REFERENCES case_steps(id),
    content        TEXT    NOT NULL,
    department_id  INTEGER REFERENCES departments(id),
    clerk_id       INTEGER REFERENCES users(id),
    created_at     TIMESTAMP NOT NULL,
    response       TEXT    NOT NULL DEFAULT '',
    responded_by   INTEGER REFERENCES users(id),
    responded_at   TIMESTAMP,
    UNIQUE (case_id, level, deadline)
);
CREATE INDEX supervision_warnings_centre ON supervision_warnings(centre_id, created_at);

-- Messages to applicants (C-7), sent once each by the outbox worker.
CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY,
    centre_id        INTEGER NOT NULL REFERENCES centres(id),
    case_id          INTEGER REFERENCES cases(id),
    kind             TEXT    NOT NULL,
    dedupe           TEXT    NOT NULL UNIQUE,
    recipient_enc    TEXT    NOT NULL DEFAULT '',
    recipient_masked TEXT    NOT NULL DEFAULT '',
    body_zh          TEXT    NOT NULL,
    body_en          TEXT    NOT NULL,
    channel          TEXT    NOT NULL DEFAULT '',
    status           TEXT    NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_at          TIMESTAMP NOT NULL,
    lease_until      TIMESTAMP,
    last_error       TEXT    NOT NULL DEFAULT '',
    sent_at          TIMESTAMP,
    created_at       TIMESTAMP NOT NULL
);
CREATE INDEX outbox_due ON outbox(status, next_at);
CREATE INDEX outbox_case ON outbox(case_id);

-- The register of violations (AC-1). ON-2 writes here when a second
-- supplement notice is refused; the accountability issue adds the rest.
CREATE TABLE violations (
    id            INTEGER PRIMARY KEY,
    centre_id     INTEGER NOT NULL REFERENCES centres(id),
    user_id       INTEGER REFERENCES users(id),
    department_id INTEGER REFERENCES departments(id),
    case_id       INTEGER REFERENCES cases(id),
    rule_id       TEXT    NOT NULL,
    source        TEXT    NOT NULL,
    description   TEXT    NOT NULL,
    evidence      TEXT    NOT NULL DEFAULT '',
    created_by    INTEGER REFERENCES users(id),
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX violations_user ON violations(user_id, created_at);
CREATE INDEX violations_centre ON violations(centre_id, created_at);
