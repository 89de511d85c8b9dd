-- ekrov schema, version 6: the facility lists' page order, and the checklist's count by type.
--
-- The facility's lists (employees, departments, role sets, positions of a department, equipment)
-- are read a page at a time in (created_at, id) order. The indexes before this one lead with
-- (facility_id, name), so every page read all of the facility's rows and sorted them ("USE TEMP
-- B-TREE FOR ORDER BY"): about 2 MiB of sorter memory and a few milliseconds per request at 20,000
-- employees, growing with the facility. Found by the soak test (docs/RELIABILITY.md, § 3), where
-- that churn of ever larger sorts kept the SQLite server's memory rising.
CREATE INDEX employees_facility_created ON employees (facility_id, created_at, id);
CREATE INDEX departments_facility_created ON departments (facility_id, created_at, id);
CREATE INDEX roles_facility_created ON roles (facility_id, created_at, id);
CREATE INDEX positions_department_created ON positions (department_id, created_at, id);
CREATE INDEX equipment_facility_created ON equipment (facility_id, created_at, id);
-- A department's workplaces and equipment: with the id as well, ties need no sort either. The
-- indexes dropped are prefixes of the new ones.
DROP INDEX workplaces_facility;
CREATE INDEX workplaces_facility_created ON workplaces (facility_id, created_at, id);
DROP INDEX workplaces_department;
CREATE INDEX workplaces_department_created ON workplaces (department_id, created_at, id);
DROP INDEX equipment_department;
CREATE INDEX equipment_department_created ON equipment (department_id, created_at, id);
-- The onboarding checklist counts the facility's blood-bank departments: from the index alone.
CREATE INDEX departments_facility_type ON departments (facility_id, type);
