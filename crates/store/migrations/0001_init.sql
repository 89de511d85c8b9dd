-- ekrov schema, version 1: the national operator's side (seed steps 0–1).
--
-- One text for SQLite and PostgreSQL. Portable types only, so that one code path reads both:
--   ids are UUID strings (TEXT), dates are 'YYYY-MM-DD' (TEXT), instants are RFC 3339 UTC with
--   microseconds ('2026-12-01T09:07:34.000000Z', TEXT: sorts like time), booleans are BOOLEAN.
-- The one token the runner replaces per backend: @SERIAL_PK@ (an auto-increasing BIGINT key).

-- People who log in. A person is known nationally by РНОКПП (or an alternative document code).
CREATE TABLE accounts (
    id          TEXT PRIMARY KEY,
    rnokpp      TEXT NOT NULL UNIQUE,
    surname     TEXT NOT NULL,
    given_name  TEXT NOT NULL,
    patronymic  TEXT,
    email       TEXT,
    created_at  TEXT NOT NULL
);

-- National operators (СДУ «УЦТК»): an account with the right to register facilities.
CREATE TABLE operators (
    account_id  TEXT PRIMARY KEY REFERENCES accounts(id),
    created_at  TEXT NOT NULL
);

-- A facility's application (заява) as received by the operator.
CREATE TABLE applications (
    id                     TEXT PRIMARY KEY,
    edrpou                 TEXT NOT NULL,
    full_name              TEXT NOT NULL,
    short_name             TEXT NOT NULL,
    name_en                TEXT NOT NULL,
    address                TEXT NOT NULL,
    region                 TEXT NOT NULL,
    head_name              TEXT NOT NULL,
    chief_accountant_name  TEXT NOT NULL,
    provides_transfusion   BOOLEAN NOT NULL,
    received_on            TEXT NOT NULL,
    due_on                 TEXT NOT NULL,
    admin_surname          TEXT NOT NULL,
    admin_given_name       TEXT NOT NULL,
    admin_patronymic       TEXT,
    admin_rnokpp           TEXT NOT NULL,
    admin_email            TEXT NOT NULL,
    admin_phone            TEXT NOT NULL,
    -- received | registered | rejected; decided rows are never decided again.
    status                 TEXT NOT NULL CHECK (status IN ('received', 'registered', 'rejected')),
    reject_reason          TEXT,
    facility_id            TEXT,
    created_by             TEXT NOT NULL,
    created_at             TEXT NOT NULL,
    decided_by             TEXT,
    decided_at             TEXT
);
CREATE INDEX applications_status_due ON applications (status, due_on);

-- A registered facility (ЗОЗ). ЄДРПОУ is unique nationally.
CREATE TABLE facilities (
    id                     TEXT PRIMARY KEY,
    edrpou                 TEXT NOT NULL,
    full_name              TEXT NOT NULL,
    short_name             TEXT NOT NULL,
    name_en                TEXT NOT NULL,
    address                TEXT NOT NULL,
    region                 TEXT NOT NULL,
    head_name              TEXT NOT NULL,
    chief_accountant_name  TEXT NOT NULL,
    provides_transfusion   BOOLEAN NOT NULL,
    application_id         TEXT NOT NULL REFERENCES applications(id),
    admin_rnokpp           TEXT NOT NULL,
    admin_surname          TEXT NOT NULL,
    admin_given_name       TEXT NOT NULL,
    admin_patronymic       TEXT,
    admin_email            TEXT NOT NULL,
    admin_phone            TEXT NOT NULL,
    -- set at the administrator's first login
    admin_account_id       TEXT REFERENCES accounts(id),
    created_at             TEXT NOT NULL,
    CONSTRAINT facilities_edrpou_key UNIQUE (edrpou)
);

-- Single-use links (first login, later invitations). Only the SHA-256 of the token is kept.
CREATE TABLE links (
    id           TEXT PRIMARY KEY,
    token_hash   TEXT NOT NULL UNIQUE,
    kind         TEXT NOT NULL CHECK (kind IN ('first_login', 'invitation')),
    facility_id  TEXT NOT NULL REFERENCES facilities(id),
    -- the person the link is for: only a КЕП with this РНОКПП may use it
    rnokpp       TEXT NOT NULL,
    subject_id   TEXT,
    expires_at   TEXT NOT NULL,
    used_at      TEXT,
    revoked_at   TEXT,
    created_at   TEXT NOT NULL
);
CREATE INDEX links_facility_kind ON links (facility_id, kind);

-- Login sessions (bearer tokens and page cookies). Only the SHA-256 of the token is kept.
CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts(id),
    csrf_token  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    revoked_at  TEXT
);
CREATE INDEX sessions_account ON sessions (account_id);

-- Letters waiting to be delivered. Written in the same transaction as the change that caused them,
-- so a letter is never lost and never sent for a change that was rolled back.
CREATE TABLE outbox (
    id               TEXT PRIMARY KEY,
    to_addr          TEXT NOT NULL,
    subject          TEXT NOT NULL,
    body_text        TEXT NOT NULL,
    body_html        TEXT NOT NULL,
    facility_id      TEXT,
    created_at       TEXT NOT NULL,
    attempts         BIGINT NOT NULL DEFAULT 0,
    next_attempt_at  TEXT NOT NULL,
    last_error       TEXT,
    sent_at          TEXT
);
CREATE INDEX outbox_pending ON outbox (sent_at, next_attempt_at);

-- Extra non-working days the operator declares (on top of the calendar's rules).
CREATE TABLE days_off (
    day         TEXT PRIMARY KEY,
    reason      TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

-- The append-only audit log: who, what, when, before/after. Each row carries the hash of the one
-- before it (a hash chain), so an edited or deleted row is detectable.
CREATE TABLE audit_log (
    seq          @SERIAL_PK@,
    id           TEXT NOT NULL UNIQUE,
    at           TEXT NOT NULL,
    actor_id     TEXT,
    actor_label  TEXT NOT NULL,
    facility_id  TEXT,
    action       TEXT NOT NULL,
    entity       TEXT NOT NULL,
    entity_id    TEXT NOT NULL,
    before_json  TEXT,
    after_json   TEXT,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);
CREATE INDEX audit_facility ON audit_log (facility_id, seq);
