-- ekrov schema, version 7: the blood bank's stock (issue 12).
--
-- The rules live in ekrov_domain::stock; the codes stored here are its stable codes (component
-- class, event kind, unit status, reasons, outcomes, urgency, ABO/RhD as 'a_pos' …).
-- Stock is an append-only event log (stock_events), never updated in place; stock_on_hand is
-- kept in the same transaction as each event and can be recomputed from the log.
-- Who acted is an account (accounts.id) with its name at the time, as in the audit log: a
-- facility's administrator need not be an employee.
-- Instants are RFC 3339 UTC TEXT as elsewhere; an expiry from a label is the label's local time,
-- stored as 'YYYY-MM-DDTHH:MM' (ISBT 128 gives no zone).

-- The product catalogue, kept by the national operator (not per facility). code is the ISBT 128
-- product description code (E/F and four digits); titles are ekrov's own (ICCBBA's are licensed).
-- API.md's product: code, title_uk, component, equipment_kinds, shelf_life_days.
CREATE TABLE product_catalogue (
    code             TEXT PRIMARY KEY,
    title_uk         TEXT NOT NULL,
    title_en         TEXT NOT NULL,
    component_class  TEXT NOT NULL CHECK (component_class IN
                         ('red_cells', 'plasma', 'platelets', 'cryoprecipitate', 'whole_blood')),
    shelf_life_days  BIGINT NOT NULL CHECK (shelf_life_days > 0),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);

-- The equipment kinds a product may be stored in (a subset of its class's, checked by
-- ekrov_domain::stock::catalogue::CatalogueEntry::parse).
CREATE TABLE product_equipment_kinds (
    product_code    TEXT NOT NULL REFERENCES product_catalogue(code) ON DELETE CASCADE,
    equipment_kind  TEXT NOT NULL,
    PRIMARY KEY (product_code, equipment_kind)
);

-- Blood establishments (центри крові) a facility has a contract with. A supplier that does not
-- label by ISBT 128 has a donation-number pattern (ekrov_domain::stock::supplier), e.g. 'ЦК-{D6}'.
CREATE TABLE suppliers (
    id                      TEXT PRIMARY KEY,
    facility_id             TEXT NOT NULL REFERENCES facilities(id),
    name                    TEXT NOT NULL,
    edrpou                  TEXT,
    uses_isbt128            BOOLEAN NOT NULL,
    donation_number_pattern TEXT,
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL,
    CONSTRAINT suppliers_facility_name_key UNIQUE (facility_id, name),
    CHECK (uses_isbt128 OR donation_number_pattern IS NOT NULL)
);

-- A consignment: one delivery from a supplier, received by a person; units follow by scan.
-- API.md names the supplier by text; supplier_id links it to a configured supplier when known.
CREATE TABLE consignments (
    id                TEXT PRIMARY KEY,
    facility_id       TEXT NOT NULL REFERENCES facilities(id),
    supplier          TEXT NOT NULL,
    supplier_id       TEXT REFERENCES suppliers(id),
    -- the supplier's own number of the delivery (накладна)
    supplier_ref      TEXT NOT NULL,
    arrived_at        TEXT NOT NULL,
    -- temperature on arrival, tenths of a degree Celsius
    arrival_temp_x10  BIGINT,
    received_by       TEXT NOT NULL REFERENCES accounts(id),
    received_by_name  TEXT NOT NULL,
    closed_at         TEXT,
    created_at        TEXT NOT NULL
);
CREATE INDEX consignments_facility_arrived ON consignments (facility_id, arrived_at, id);

-- A unit (доза) as received. Its identity is the donation number with the product code: one
-- donation yields several components. din is the 13-character DIN for ISBT 128 units;
-- supplier_number the supplier's own number (in ekrov's stored form) otherwise — exactly one.
-- unit_key is the one unique text the application builds from either ('isbt:' || din || ':' ||
-- product_code, or 'sup:' || supplier_id || ':' || supplier_number || ':' || product_code), since
-- SQLite and PostgreSQL treat NULLs in a UNIQUE constraint alike (as distinct) and a unit must
-- not be taken twice. The label's facts never change; where the unit is and its status do, and
-- those are in stock_on_hand.
CREATE TABLE units (
    id               TEXT PRIMARY KEY,
    facility_id      TEXT NOT NULL REFERENCES facilities(id),
    consignment_id   TEXT NOT NULL REFERENCES consignments(id),
    unit_key         TEXT NOT NULL,
    din              TEXT,
    din_flags        TEXT,
    supplier_number  TEXT,
    product_code     TEXT NOT NULL,
    catalogue_code   TEXT NOT NULL REFERENCES product_catalogue(code),
    component_class  TEXT NOT NULL,
    abo_rhd          TEXT NOT NULL CHECK (abo_rhd IN
                         ('o_neg', 'o_pos', 'a_neg', 'a_pos', 'b_neg', 'b_pos', 'ab_neg', 'ab_pos')),
    expires_at       TEXT NOT NULL,
    -- the scan as typed, for the trace (NULL for a hand-typed unit)
    raw_scan         TEXT,
    created_at       TEXT NOT NULL,
    CONSTRAINT units_unit_key UNIQUE (facility_id, unit_key),
    CHECK ((din IS NULL) <> (supplier_number IS NULL))
);
CREATE INDEX units_din ON units (facility_id, din);
CREATE INDEX units_consignment ON units (consignment_id, created_at, id);

-- The append-only stock log. One row per event of stock_events' kinds; never updated or deleted
-- (the application has no statement that does). seq orders the log; per unit, the status each
-- event leaves is what ekrov_domain::stock::events::transition gives.
CREATE TABLE stock_events (
    seq            @SERIAL_PK@,
    id             TEXT NOT NULL UNIQUE,
    facility_id    TEXT NOT NULL REFERENCES facilities(id),
    unit_id        TEXT NOT NULL REFERENCES units(id),
    kind           TEXT NOT NULL CHECK (kind IN ('received', 'moved', 'quarantined', 'released',
                       'issued', 'returned', 'transfused', 'discarded', 'expired')),
    status_after   TEXT NOT NULL CHECK (status_after IN ('available', 'quarantined', 'issued',
                       'expired', 'transfused', 'discarded')),
    at             TEXT NOT NULL,
    actor_id       TEXT REFERENCES accounts(id),
    actor_name     TEXT NOT NULL,
    -- where the unit is after the event (received, moved, returned); NULL when out of storage
    equipment_id   TEXT REFERENCES equipment(id),
    -- issued: against which request, taken by whom (a person's name as written)
    request_id     TEXT,
    taken_by       TEXT,
    -- discarded: a discard reason code (API.md: expired, storage, temperature, transport, damaged,
    -- visual, returned_late, test_reactive, recalled, other); returned: a return reason code;
    -- reason_text: the note
    reason_code    TEXT,
    reason_text    TEXT,
    -- issued under an emergency exception: why, and who decided
    exception_reason      TEXT,
    exception_decided_by  TEXT REFERENCES accounts(id)
);
CREATE INDEX stock_events_unit ON stock_events (unit_id, seq);
CREATE INDEX stock_events_facility_at ON stock_events (facility_id, at, seq);
CREATE INDEX stock_events_facility_kind_at ON stock_events (facility_id, kind, at);

-- What is where now: one row per unit still counted by the blood bank (available, quarantined,
-- expired, or issued and not yet back). Written in the same transaction as each event; a test
-- recomputes it from stock_events and compares. A final event (transfused, discarded) deletes
-- the row: this table is derived, the log is the record.
CREATE TABLE stock_on_hand (
    unit_id          TEXT PRIMARY KEY REFERENCES units(id),
    facility_id      TEXT NOT NULL REFERENCES facilities(id),
    equipment_id     TEXT REFERENCES equipment(id),
    status           TEXT NOT NULL CHECK (status IN ('available', 'quarantined', 'issued', 'expired')),
    component_class  TEXT NOT NULL,
    abo_rhd          TEXT NOT NULL,
    expires_at       TEXT NOT NULL,
    last_seq         BIGINT NOT NULL
);
-- The stock screen per storage unit, and the proposal: offerable units of a class and group in
-- first-expiry-first-out order (the unit id breaks ties).
CREATE INDEX stock_on_hand_equipment ON stock_on_hand (equipment_id, expires_at, unit_id);
CREATE INDEX stock_on_hand_offer ON stock_on_hand
    (facility_id, status, component_class, abo_rhd, expires_at, unit_id);

-- A clinical request (заявка) from a ward by a doctor. The patient's details are personal data:
-- only those allowed to see patient data read them, and the haemovigilance report omits them.
CREATE TABLE clinical_requests (
    id                  TEXT PRIMARY KEY,
    facility_id         TEXT NOT NULL REFERENCES facilities(id),
    department_id       TEXT NOT NULL REFERENCES departments(id),
    doctor_id           TEXT NOT NULL REFERENCES employees(id),
    patient_mrn         TEXT NOT NULL,
    patient_surname     TEXT NOT NULL,
    patient_given_name  TEXT NOT NULL,
    patient_patronymic  TEXT,
    patient_birth_date  TEXT NOT NULL,
    patient_abo_rhd     TEXT NOT NULL,
    component_class     TEXT NOT NULL,
    quantity            BIGINT NOT NULL CHECK (quantity > 0),
    urgency             TEXT NOT NULL CHECK (urgency IN ('planned', 'urgent', 'emergency')),
    justification       TEXT NOT NULL,
    -- open | fulfilled | cancelled
    status              TEXT NOT NULL CHECK (status IN ('open', 'fulfilled', 'cancelled')),
    created_by          TEXT NOT NULL REFERENCES accounts(id),
    created_at          TEXT NOT NULL,
    closed_at           TEXT
);
-- The blood bank's queue: open requests, most urgent first is decided by the application.
CREATE INDEX clinical_requests_queue ON clinical_requests (facility_id, status, created_at, id);
-- Every request of the facility, a page at a time.
CREATE INDEX clinical_requests_facility ON clinical_requests (facility_id, created_at, id);

-- Transfusion outcomes recorded by the ward for an issued unit.
CREATE TABLE transfusion_outcomes (
    id            TEXT PRIMARY KEY,
    facility_id   TEXT NOT NULL REFERENCES facilities(id),
    unit_id       TEXT NOT NULL REFERENCES units(id),
    request_id    TEXT NOT NULL REFERENCES clinical_requests(id),
    outcome       TEXT NOT NULL CHECK (outcome IN ('uneventful', 'reaction', 'not_transfused', 'unknown')),
    recorded_by   TEXT NOT NULL REFERENCES accounts(id),
    recorded_at   TEXT NOT NULL,
    CONSTRAINT transfusion_outcomes_unit_key UNIQUE (unit_id)
);

-- Haemovigilance reports (гемонагляд): one per reaction. Carries the DIN (or supplier number)
-- and the supplier so that the national operator can trace the donation; no patient name, no
-- medical record number — the operator reads this table, the patient stays in clinical_requests.
CREATE TABLE haemovigilance_reports (
    id              TEXT PRIMARY KEY,
    facility_id     TEXT NOT NULL REFERENCES facilities(id),
    outcome_id      TEXT NOT NULL REFERENCES transfusion_outcomes(id),
    unit_id         TEXT NOT NULL REFERENCES units(id),
    din             TEXT,
    supplier_number TEXT,
    product_code    TEXT NOT NULL,
    supplier        TEXT NOT NULL,
    component_class TEXT NOT NULL,
    reaction_type   TEXT NOT NULL,
    severity        TEXT NOT NULL CHECK (severity IN ('non_severe', 'severe', 'life_threatening', 'death')),
    description     TEXT NOT NULL,
    occurred_at     TEXT NOT NULL,
    reported_by     TEXT NOT NULL REFERENCES accounts(id),
    created_at      TEXT NOT NULL
);
CREATE INDEX haemovigilance_reports_created ON haemovigilance_reports (created_at, id);
CREATE INDEX haemovigilance_reports_facility ON haemovigilance_reports (facility_id, created_at, id);
