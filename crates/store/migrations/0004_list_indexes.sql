-- ekrov schema, version 4: indexes for the lists' order.
--
-- Lists are newest first with a keyset cursor on (created_at, id); without these indexes every
-- page scanned and sorted the whole table (measured: docs/BENCHMARKS.md, Findings 1).
CREATE INDEX applications_created ON applications (created_at, id);
CREATE INDEX facilities_created ON facilities (created_at, id);
