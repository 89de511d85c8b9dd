-- ekrov schema, version 2: facility administration (seed steps 4–9).
--
-- Everything here belongs to exactly one facility (facility_id on every row), so that every query
-- a use case runs is scoped by the facility its permission check established.

-- Role sets (рольові набори): named sets of permissions, defined per facility. The permission
-- codes come from the catalogue in code (ekrov_domain::Permission).
CREATE TABLE roles (
    id           TEXT PRIMARY KEY,
    facility_id  TEXT NOT NULL REFERENCES facilities(id),
    name         TEXT NOT NULL,
    description  TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    CONSTRAINT roles_facility_name_key UNIQUE (facility_id, name)
);

CREATE TABLE role_permissions (
    role_id     TEXT NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
    permission  TEXT NOT NULL,
    PRIMARY KEY (role_id, permission)
);

-- Employees of a facility. The same person (РНОКПП) may be employed by several facilities, but
-- only once by each. person_code is the РНОКПП, or for those who refused it a passport or ID-card
-- number (person_code_kind says which). account_id is set when the person accepts an invitation.
CREATE TABLE employees (
    id                TEXT PRIMARY KEY,
    facility_id       TEXT NOT NULL REFERENCES facilities(id),
    surname           TEXT NOT NULL,
    given_name        TEXT NOT NULL,
    patronymic        TEXT,
    person_code       TEXT NOT NULL,
    person_code_kind  TEXT NOT NULL CHECK (person_code_kind IN ('rnokpp', 'passport', 'id_card')),
    email             TEXT NOT NULL,
    phone             TEXT,
    account_id        TEXT REFERENCES accounts(id),
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    CONSTRAINT employees_facility_person_key UNIQUE (facility_id, person_code)
);
CREATE INDEX employees_account ON employees (account_id);
CREATE INDEX employees_facility_name ON employees (facility_id, surname, given_name);

-- Departments («Реєстр учасників»): a tree inside the facility; type from the national catalogue.
CREATE TABLE departments (
    id           TEXT PRIMARY KEY,
    facility_id  TEXT NOT NULL REFERENCES facilities(id),
    parent_id    TEXT REFERENCES departments(id),
    name         TEXT NOT NULL,
    short_name   TEXT,
    type         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX departments_facility ON departments (facility_id, name);

-- Positions (посади) in a department. staff_units in hundredths of a staff unit (ставка): 100 = 1.
CREATE TABLE positions (
    id               TEXT PRIMARY KEY,
    facility_id      TEXT NOT NULL REFERENCES facilities(id),
    department_id    TEXT NOT NULL REFERENCES departments(id),
    title            TEXT NOT NULL,
    classifier_code  TEXT NOT NULL,
    staff_units_x100 BIGINT NOT NULL,
    is_head          BOOLEAN NOT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX positions_department ON positions (department_id, title);
CREATE INDEX positions_facility ON positions (facility_id);

-- Assignments (призначення): an employee takes a position with role sets. invited → active (the
-- employee accepted the invitation with their КЕП) → ended. Only active assignments grant.
CREATE TABLE assignments (
    id            TEXT PRIMARY KEY,
    facility_id   TEXT NOT NULL REFERENCES facilities(id),
    position_id   TEXT NOT NULL REFERENCES positions(id),
    employee_id   TEXT NOT NULL REFERENCES employees(id),
    start_date    TEXT NOT NULL,
    order_number  TEXT NOT NULL,
    order_date    TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('primary', 'secondary', 'acting')),
    status        TEXT NOT NULL CHECK (status IN ('invited', 'active', 'ended')),
    created_at    TEXT NOT NULL,
    activated_at  TEXT,
    ended_at      TEXT
);
CREATE INDEX assignments_position ON assignments (position_id, status);
CREATE INDEX assignments_employee ON assignments (employee_id, status);
CREATE INDEX assignments_facility ON assignments (facility_id, status);

CREATE TABLE assignment_roles (
    assignment_id  TEXT NOT NULL REFERENCES assignments(id),
    role_id        TEXT NOT NULL REFERENCES roles(id),
    PRIMARY KEY (assignment_id, role_id)
);
CREATE INDEX assignment_roles_role ON assignment_roles (role_id);

CREATE INDEX links_subject ON links (subject_id);
