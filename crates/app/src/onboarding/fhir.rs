//! A facility's structure as a FHIR R4 `Bundle` (type `collection`): the facility and its
//! departments as `Organization` (departments `partOf` their parent), employees as
//! `Practitioner`, current assignments as `PractitionerRole`, workplaces as `Location`, equipment
//! as `Device`. Entries refer to each other by `urn:uuid:` full URLs, the ids being ekrov's own.

use chrono::SecondsFormat;
use ekrov_domain::{DepartmentType, EquipmentKind, EquipmentStatus};
use ekrov_store::{
    administration::assignments::{self, Status},
    administration::departments,
    administration::employees,
    administration::positions,
    resources::equipment,
    resources::workplaces,
};
use serde_json::{Value, json};
use std::collections::HashMap;
use uuid::Uuid;

use crate::{
    App, AppResult,
    facility::{FacilityActor, grant::ViewStructure},
};

/// OIDs of the Ukrainian identifiers, as qualified certificates carry them (DOMAIN.md).
const EDRPOU_SYSTEM: &str = "urn:oid:1.2.804.2.1.1.1.11.1.4.2.1";
const RNOKPP_SYSTEM: &str = "urn:oid:1.2.804.2.1.1.1.11.1.4.1.1";
const UCUM: &str = "http://unitsofmeasure.org";

fn reference(id: Uuid) -> Value {
    json!({"reference": format!("urn:uuid:{id}")})
}

fn entry(id: Uuid, resource: Value) -> Value {
    json!({"fullUrl": format!("urn:uuid:{id}"), "resource": resource})
}

impl App {
    fn code_system(&self, name: &str) -> String {
        format!("{}/fhir/CodeSystem/{name}", self.settings.public_url)
    }

    /// The facility's structure as a FHIR R4 Bundle.
    pub async fn fhir_bundle(&self, a: &FacilityActor<'_, ViewStructure>) -> AppResult<Value> {
        let f = a.facility();
        let fid = f.id;
        let d = &f.data;
        let deps = departments::all(&self.db, fid).await?;
        let pos = positions::all(&self.db, fid).await?;
        let assigned = assignments::current(&self.db, fid).await?;
        let people = employees::list(&self.db, fid, None, i64::MAX).await?;
        let places = workplaces::all(&self.db, fid).await?;
        let units = equipment::all(&self.db, fid).await?;

        let mut entries = vec![entry(
            fid,
            json!({
                "resourceType": "Organization",
                "id": fid.to_string(),
                "identifier": [{"system": EDRPOU_SYSTEM, "value": d.edrpou.as_str()}],
                "active": true,
                "type": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/organization-type",
                    "code": "prov", "display": "Healthcare Provider"}]}],
                "name": d.full_name,
                "alias": [d.short_name, d.name_en],
                "address": [{"text": d.address, "state": d.region.name_uk(), "country": "UA"}],
            }),
        )];
        for dep in &deps {
            let t = DepartmentType::parse(&dep.data.dtype);
            let mut org = json!({
                "resourceType": "Organization",
                "id": dep.id.to_string(),
                "active": true,
                "type": [{"coding": [{"system": self.code_system("department-type"), "code": dep.data.dtype,
                    "display": t.map(|t| t.title_uk).unwrap_or_default()}]}],
                "name": dep.data.name,
                "partOf": reference(dep.data.parent_id.unwrap_or(fid)),
            });
            if let Some(s) = &dep.data.short_name {
                org["alias"] = json!([s]);
            }
            entries.push(entry(dep.id, org));
        }
        for e in &people {
            let p = &e.data;
            let mut given = vec![p.given_name.clone()];
            given.extend(p.patronymic.clone());
            let mut telecom =
                vec![json!({"system": "email", "value": p.email.as_str(), "use": "work"})];
            if let Some(ph) = &p.phone {
                telecom.push(json!({"system": "phone", "value": ph.as_str(), "use": "work"}));
            }
            let identifier = match p.person_code.kind() {
                "rnokpp" => json!([{"system": RNOKPP_SYSTEM, "value": p.person_code.as_str()}]),
                kind => json!([{"system": self.code_system(&format!("person-document/{kind}")),
                    "value": p.person_code.as_str()}]),
            };
            entries.push(entry(
                e.id,
                json!({
                    "resourceType": "Practitioner",
                    "id": e.id.to_string(),
                    "identifier": identifier,
                    "active": true,
                    "name": [{"use": "official", "family": p.surname, "given": given,
                        "text": p.full_name()}],
                    "telecom": telecom,
                }),
            ));
        }
        let position_of: HashMap<Uuid, &positions::Position> =
            pos.iter().map(|p| (p.id, p)).collect();
        // employee → (workplace, its department)
        let mut places_of: HashMap<Uuid, Vec<(Uuid, Uuid)>> = HashMap::new();
        for w in &places {
            for e in &w.data.employee_ids {
                places_of
                    .entry(*e)
                    .or_default()
                    .push((w.id, w.department_id));
            }
        }
        for asg in &assigned {
            let Some(p) = position_of.get(&asg.position_id) else {
                continue;
            };
            let mut role = json!({
                "resourceType": "PractitionerRole",
                "id": asg.id.to_string(),
                "active": asg.status == Status::Active,
                "period": {"start": asg.data.start_date.to_string()},
                "practitioner": reference(asg.data.employee_id),
                "organization": reference(p.department_id),
                "code": [{"coding": [{"system": self.code_system("dk003-2010"), "code": p.data.classifier_code,
                    "display": p.data.title}], "text": p.data.title}],
            });
            if let Some(ws) = places_of.get(&asg.data.employee_id) {
                // The employee's workplaces in the department of this role.
                let dep_places: Vec<Value> = ws
                    .iter()
                    .filter(|(_, dep)| *dep == p.department_id)
                    .map(|(w, _)| reference(*w))
                    .collect();
                if !dep_places.is_empty() {
                    role["location"] = Value::Array(dep_places);
                }
            }
            entries.push(entry(asg.id, role));
        }
        for w in &places {
            let mut loc = json!({
                "resourceType": "Location",
                "id": w.id.to_string(),
                "status": "active",
                "mode": "instance",
                "name": w.data.name,
                "managingOrganization": reference(w.department_id),
            });
            if !w.data.inventory_number.is_absent() {
                loc["identifier"] = json!([{"system": self.code_system("inventory-number"),
                    "value": w.data.inventory_number.as_str()}]);
            }
            if let Some(room) = &w.data.room {
                loc["description"] = json!(format!("Кімната {room}"));
            }
            entries.push(entry(w.id, loc));
        }
        for u in &units {
            let x = &u.data;
            let kind = EquipmentKind::parse(&x.kind);
            let mut dev = json!({
                "resourceType": "Device",
                "id": u.id.to_string(),
                "status": if x.status == EquipmentStatus::InService { "active" } else { "inactive" },
                "statusReason": [{"coding": [{"system": self.code_system("equipment-status"),
                    "code": x.status.code(), "display": x.status.title_uk()}]}],
                "manufacturer": x.manufacturer,
                "serialNumber": x.serial_number,
                "modelNumber": x.model,
                "deviceName": [{"name": x.name, "type": "user-friendly-name"}],
                "type": {"coding": [{"system": self.code_system("equipment-kind"), "code": x.kind,
                    "display": kind.map(|k| k.title_uk).unwrap_or_default()}]},
                "owner": reference(u.department_id),
                "property": [
                    {"type": {"text": "storage temperature, minimum"},
                     "valueQuantity": [{"value": x.temp_min.celsius(), "unit": "°C", "system": UCUM, "code": "Cel"}]},
                    {"type": {"text": "storage temperature, maximum"},
                     "valueQuantity": [{"value": x.temp_max.celsius(), "unit": "°C", "system": UCUM, "code": "Cel"}]},
                ],
            });
            if !x.inventory_number.is_absent() {
                dev["identifier"] = json!([{"system": self.code_system("inventory-number"),
                    "value": x.inventory_number.as_str()}]);
            }
            if let Some(y) = x.year_made {
                dev["manufactureDate"] = json!(format!("{y:04}"));
            }
            if let Some(w) = x.workplace_id {
                dev["location"] = reference(w);
            }
            entries.push(entry(u.id, dev));
        }
        Ok(json!({
            "resourceType": "Bundle",
            "id": Uuid::new_v4().to_string(),
            "type": "collection",
            "timestamp": self.now().to_rfc3339_opts(SecondsFormat::Secs, true),
            "entry": entries,
        }))
    }
}
