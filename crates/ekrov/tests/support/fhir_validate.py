"""Validate a FHIR R4 Bundle with the fhir.resources package (models of FHIR 4.0.1).

Usage: fhir_validate.py BUNDLE.json
Prints {"ok": true, "counts": {...}} and exits 0, or prints the validation error and exits 1.
Every entry is validated twice: inside the Bundle, and on its own by its resourceType.
"""
import json
import sys

import fhir.resources
from fhir.resources import construct_fhir_element
from fhir.resources.bundle import Bundle

assert fhir.resources.__fhir_version__ == "4.0.1", fhir.resources.__fhir_version__

with open(sys.argv[1], encoding="utf-8") as f:
    raw = json.load(f)
try:
    bundle = Bundle.parse_obj(raw)
    counts = {}
    for e in raw.get("entry", []):
        r = e["resource"]
        construct_fhir_element(r["resourceType"], r)
        counts[r["resourceType"]] = counts.get(r["resourceType"], 0) + 1
    assert bundle.type == "collection"
except Exception as err:  # the validator's own message is the point
    print(json.dumps({"ok": False, "error": str(err)}, ensure_ascii=False))
    sys.exit(1)
print(json.dumps({"ok": True, "counts": counts}))
