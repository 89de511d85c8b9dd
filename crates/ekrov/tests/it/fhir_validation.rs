//! The FHIR export validated by a real FHIR library: the `fhir.resources` package from PyPI
//! (version 6.1.0, whose models are FHIR R4 4.0.1, with pydantic 1), installed into a virtual
//! environment under `target/` on first run. Ignored in the plain `cargo test` (it needs Python
//! and PyPI); CI runs it.

use crate::common;

use common::{PERSON_RNOKPP, employee, spawn_app};
use ekrov_store::Backend;
use serde_json::{Value, json};
use std::{
    path::{Path, PathBuf},
    process::Command,
};

fn venv() -> PathBuf {
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/fhir-venv");
    let python = target.join("bin/python");
    let ready = python.exists()
        && Command::new(&python)
            .args(["-c", "import fhir.resources, pydantic"])
            .status()
            .is_ok_and(|s| s.success());
    if !ready {
        let st = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&target)
            .status()
            .expect("python3");
        assert!(st.success(), "python3 -m venv");
        let st = Command::new(target.join("bin/pip"))
            .args(["install", "--quiet", "fhir.resources==6.1.0", "pydantic<2"])
            .status()
            .expect("pip");
        assert!(st.success(), "pip install fhir.resources");
    }
    python
}

/// Run the validator on a bundle: Ok(counts per resource type) or Err(the library's message).
fn validate(python: &Path, bundle: &Value) -> Result<Value, String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bundle.json");
    std::fs::write(&file, bundle.to_string()).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/fhir_validate.py");
    let out = Command::new(python)
        .arg(script)
        .arg(&file)
        .output()
        .expect("run the validator");
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!(
            "validator output: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    if out.status.success() && report["ok"] == true {
        Ok(report["counts"].clone())
    } else {
        Err(report["error"].as_str().unwrap_or("?").to_owned())
    }
}

#[tokio::test]
#[ignore = "needs Python 3 and fhir.resources from PyPI (CI runs it)"]
async fn fhir_bundle_is_valid_r4() {
    let python = venv();
    let t = spawn_app(Backend::Sqlite).await;
    let (fid, admin) = t.facility_with_admin(0).await;
    let (_head, _) = t
        .member(&fid, &admin, PERSON_RNOKPP[0], &["equipment.view"])
        .await;
    let base = format!("/api/v1/facilities/{fid}");
    let (_, deps) = t.get(&format!("{base}/departments"), Some(&admin)).await;
    let lbk = deps["items"][0]["id"].as_str().unwrap().to_owned();
    // A sub-department, an employee with a passport instead of a РНОКПП, two workplaces, and
    // equipment of several kinds and states.
    let (s, sub) = t
        .post(
            &format!("{base}/departments"),
            Some(&admin),
            &json!({"name": "Кабінет зберігання", "type": "other", "parent_id": lbk}),
        )
        .await;
    assert_eq!(s, 201, "{sub}");
    let (s, e) = t
        .post(
            &format!("{base}/employees"),
            Some(&admin),
            &employee("КВ123456"),
        )
        .await;
    assert_eq!(s, 201, "{e}");
    let (_, people) = t.get(&format!("{base}/employees"), Some(&admin)).await;
    let head_id = people["items"][0]["id"].clone();
    let (s, w) = t
        .post(
            &format!("{base}/departments/{lbk}/workplaces"),
            Some(&admin),
            &json!({"name": "Робоче місце завідувача", "room": "101", "inventory_number": "відсутній", "employee_ids": [head_id]}),
        )
        .await;
    assert_eq!(s, 201, "{w}");
    let (s, _) = t
        .post(
            &format!("{base}/departments/{lbk}/workplaces"),
            Some(&admin),
            &json!({"name": "Кімната зберігання", "inventory_number": "10148003"}),
        )
        .await;
    assert_eq!(s, 201);
    for body in [
        json!({"kind": "blood_refrigerator", "manufacturer": "Dometic", "model": "MB 570", "serial_number": "D-1",
            "inventory_number": "101480012", "year_made": 2021, "in_service_on": "2022-03-15", "workplace_id": w["id"],
            "last_check_on": "2026-03-01", "next_check_on": "2027-03-01"}),
        json!({"kind": "plasma_freezer", "manufacturer": "Haier", "model": "DW-40L262", "serial_number": "H-1",
            "inventory_number": "відсутній", "temp_min_c": -40, "temp_max_c": -30}),
        json!({"kind": "platelet_agitator", "manufacturer": "Helmer", "model": "PF48i", "serial_number": "P-1",
            "inventory_number": "відсутній", "status": "decommissioned", "status_reason": "Списано"}),
    ] {
        let (s, e) = t
            .post(
                &format!("{base}/departments/{lbk}/equipment"),
                Some(&admin),
                &body,
            )
            .await;
        assert_eq!(s, 201, "{e}");
    }

    let res = t
        .client
        .get(format!("{}{base}/fhir", t.url))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let bundle: Value = res.json().await.unwrap();
    let counts = validate(&python, &bundle).unwrap_or_else(|e| panic!("invalid FHIR: {e}"));
    assert_eq!(
        counts,
        json!({"Organization": 3, "Practitioner": 2, "PractitionerRole": 1, "Location": 2, "Device": 3}),
        "{bundle}"
    );

    // The validator is real: an element FHIR does not define, a wrong type and a missing
    // required element are refused. (It does not check codes against their value sets.)
    let mut broken = bundle.clone();
    let dev = broken["entry"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|e| e["resource"]["resourceType"] == "Device")
        .unwrap();
    dev["resource"]["colour"] = json!("white");
    assert!(
        validate(&python, &broken).is_err(),
        "unknown Device element accepted"
    );
    let mut broken = bundle.clone();
    broken["entry"][0]["resource"]["active"] = json!("yes please");
    assert!(validate(&python, &broken).is_err(), "bad boolean accepted");
    let mut broken = bundle.clone();
    broken.as_object_mut().unwrap().remove("type");
    assert!(
        validate(&python, &broken).is_err(),
        "Bundle without type accepted"
    );
    t.stop().await;
}
