-- ekrov schema, version 5: the blood bank's resources (seed steps 10–11).
--
-- Like everything a facility owns, each row carries facility_id, and every query is scoped by it.

-- Workplaces (робочі місця) of a department. inventory_number is required; 'відсутній' is the
-- value for premises that were not inventoried (stored in that one form by the application).
CREATE TABLE workplaces (
    id                TEXT PRIMARY KEY,
    facility_id       TEXT NOT NULL REFERENCES facilities(id),
    department_id     TEXT NOT NULL REFERENCES departments(id),
    name              TEXT NOT NULL,
    room              TEXT,
    inventory_number  TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);
CREATE INDEX workplaces_department ON workplaces (department_id, created_at);
CREATE INDEX workplaces_facility ON workplaces (facility_id);

-- Who works at a workplace: employees of the same facility.
CREATE TABLE workplace_employees (
    workplace_id  TEXT NOT NULL REFERENCES workplaces(id) ON DELETE CASCADE,
    employee_id   TEXT NOT NULL REFERENCES employees(id),
    PRIMARY KEY (workplace_id, employee_id)
);
CREATE INDEX workplace_employees_employee ON workplace_employees (employee_id);

-- Equipment (обладнання) of a department, entered from its «Ресурси» tab. Temperatures in tenths
-- of a degree Celsius. serial_key is the manufacturer and serial number folded (case, spaces), so
-- that one unit cannot be entered twice in a facility however it is typed.
CREATE TABLE equipment (
    id                TEXT PRIMARY KEY,
    facility_id       TEXT NOT NULL REFERENCES facilities(id),
    department_id     TEXT NOT NULL REFERENCES departments(id),
    workplace_id      TEXT REFERENCES workplaces(id),
    kind              TEXT NOT NULL,
    name              TEXT NOT NULL,
    manufacturer      TEXT NOT NULL,
    model             TEXT NOT NULL,
    serial_number     TEXT NOT NULL,
    serial_key        TEXT NOT NULL,
    inventory_number  TEXT NOT NULL,
    year_made         BIGINT,
    in_service_on     TEXT,
    temp_min_x10      BIGINT NOT NULL,
    temp_max_x10      BIGINT NOT NULL CHECK (temp_min_x10 < temp_max_x10),
    status            TEXT NOT NULL CHECK (status IN ('in_service', 'out_of_order', 'maintenance', 'decommissioned')),
    status_reason     TEXT,
    last_check_on     TEXT,
    next_check_on     TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    CONSTRAINT equipment_serial_key UNIQUE (facility_id, serial_key)
);
CREATE INDEX equipment_department ON equipment (department_id, created_at);
CREATE INDEX equipment_facility_kind ON equipment (facility_id, kind, status);
