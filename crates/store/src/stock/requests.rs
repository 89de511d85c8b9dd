//! Clinical requests, transfusion outcomes and haemovigilance reports.

use chrono::{DateTime, Utc};
use ekrov_domain::stock::{
    AboRhD, ClinicalRequest, ComponentClass, Patient, Urgency,
    records::{ReportRecord, RequestRecord},
};
use uuid::Uuid;

use super::corrupt;
use crate::{Row, StoreError, Tx, args, day, keyset_page, on::On, ts};

/// The name of the uniqueness rule: one outcome per unit.
pub const OUTCOME_UNIQUE: &str = "transfusion_outcomes";

const COLS: &str = "id, facility_id, department_id, doctor_id, patient_mrn, patient_surname, patient_given_name, \
    patient_patronymic, patient_birth_date, patient_abo_rhd, component_class, quantity, urgency, justification, status, created_at";

fn from_row(r: &Row) -> Result<RequestRecord, StoreError> {
    let group = r.text("patient_abo_rhd")?;
    let class = r.text("component_class")?;
    let urgency = r.text("urgency")?;
    Ok(RequestRecord {
        id: r.uuid("id")?,
        facility_id: r.uuid("facility_id")?,
        ward_department_id: r.uuid("department_id")?,
        doctor_employee_id: r.uuid("doctor_id")?,
        request: ClinicalRequest {
            patient: Patient {
                record_number: r.text("patient_mrn")?,
                surname: r.text("patient_surname")?,
                given_name: r.text("patient_given_name")?,
                patronymic: r.opt_text("patient_patronymic")?,
                birth_date: r.date("patient_birth_date")?,
                group: AboRhD::parse(&group)
                    .ok_or_else(|| StoreError::Corrupt(format!("group {group:?}")))?,
            },
            component: ComponentClass::parse(&class).map_err(corrupt("component class", &class))?,
            quantity: u32::try_from(r.int("quantity")?)
                .map_err(|_| StoreError::Corrupt("quantity".into()))?,
            urgency: Urgency::parse(&urgency).map_err(corrupt("urgency", &urgency))?,
            justification: r.text("justification")?,
        },
        status: r.text("status")?,
        created_at: r.instant("created_at")?,
    })
}

pub async fn insert(tx: &mut Tx, r: &RequestRecord, by: Uuid) -> Result<(), StoreError> {
    let q = &r.request;
    let p = &q.patient;
    tx.execute(
        &format!("INSERT INTO clinical_requests ({COLS}, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)"),
        &args![
            r.id.to_string(),
            r.facility_id.to_string(),
            r.ward_department_id.to_string(),
            r.doctor_employee_id.to_string(),
            &p.record_number,
            &p.surname,
            &p.given_name,
            p.patronymic.clone(),
            day(p.birth_date),
            p.group.code(),
            q.component.code(),
            i64::from(q.quantity),
            q.urgency.code(),
            &q.justification,
            &r.status,
            ts(r.created_at),
            by.to_string()
        ],
    )
    .await?;
    Ok(())
}

pub async fn get(
    on: impl Into<On<'_>>,
    facility_id: Uuid,
    id: Uuid,
) -> Result<Option<RequestRecord>, StoreError> {
    on.into()
        .fetch_optional(
            &format!("SELECT {COLS} FROM clinical_requests WHERE id = $1 AND facility_id = $2"),
            &args![id.to_string(), facility_id.to_string()],
        )
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// A page of the facility's requests, oldest first (the queue); only open ones when asked.
pub async fn list(
    on: impl Into<On<'_>>,
    facility_id: Uuid,
    open_only: bool,
    after: Option<(String, Uuid)>,
    limit: i64,
) -> Result<Vec<RequestRecord>, StoreError> {
    let mut sql = format!("SELECT {COLS} FROM clinical_requests WHERE facility_id = $1");
    if open_only {
        sql.push_str(" AND status = 'open'");
    }
    let mut a = vec![facility_id.to_string().into()];
    keyset_page(&mut sql, &mut a, after.as_ref(), false, limit);
    on.into()
        .fetch_all(&sql, &a)
        .await?
        .iter()
        .map(from_row)
        .collect()
}

/// Record an outcome. Fails with [`StoreError::Unique`] naming [`OUTCOME_UNIQUE`] for a unit that
/// has one.
#[allow(clippy::too_many_arguments)]
pub async fn insert_outcome(
    tx: &mut Tx,
    facility_id: Uuid,
    unit_id: Uuid,
    request_id: Uuid,
    outcome: &str,
    by: Uuid,
    now: DateTime<Utc>,
) -> Result<Uuid, StoreError> {
    let id = crate::new_id();
    tx.execute(
        "INSERT INTO transfusion_outcomes (id, facility_id, unit_id, request_id, outcome, recorded_by, recorded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        &args![
            id.to_string(),
            facility_id.to_string(),
            unit_id.to_string(),
            request_id.to_string(),
            outcome,
            by.to_string(),
            ts(now)
        ],
    )
    .await?;
    Ok(id)
}

/// Store a haemovigilance report (no patient: the table has no column for one).
pub async fn insert_report(
    tx: &mut Tx,
    r: &ReportRecord,
    outcome_id: Uuid,
    unit_id: Uuid,
    by: Uuid,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO haemovigilance_reports (id, facility_id, outcome_id, unit_id, din, product_code, supplier, \
         component_class, reaction_type, severity, description, occurred_at, reported_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $12)",
        &args![
            r.id.to_string(),
            r.facility_id.to_string(),
            outcome_id.to_string(),
            unit_id.to_string(),
            &r.donation,
            &r.product_code,
            &r.supplier,
            r.component.code(),
            &r.reaction_type,
            &r.severity,
            &r.description,
            ts(r.created_at),
            by.to_string()
        ],
    )
    .await?;
    Ok(())
}

fn report_from(r: &Row) -> Result<ReportRecord, StoreError> {
    let class = r.text("component_class")?;
    Ok(ReportRecord {
        id: r.uuid("id")?,
        facility_id: r.uuid("facility_id")?,
        facility_name: r.text("facility_name")?,
        donation: r.text("din")?,
        product_code: r.text("product_code")?,
        supplier: r.text("supplier")?,
        component: ComponentClass::parse(&class).map_err(corrupt("component class", &class))?,
        reaction_type: r.text("reaction_type")?,
        severity: r.text("severity")?,
        description: r.text("description")?,
        created_at: r.instant("created_at")?,
    })
}

const REPORT_SELECT: &str = "SELECT r.id, r.facility_id, f.short_name AS facility_name, r.din, r.product_code, r.supplier, \
    r.component_class, r.reaction_type, r.severity, r.description, r.created_at \
    FROM haemovigilance_reports r JOIN facilities f ON f.id = r.facility_id";

/// Every report, newest first (the national operator's view).
pub async fn reports(on: impl Into<On<'_>>, limit: i64) -> Result<Vec<ReportRecord>, StoreError> {
    on.into()
        .fetch_all(
            &format!("{REPORT_SELECT} ORDER BY r.created_at DESC, r.id DESC LIMIT $1"),
            &args![limit],
        )
        .await?
        .iter()
        .map(report_from)
        .collect()
}

/// A facility's reports in `[from, to)`, oldest first (its reactions journal).
pub async fn facility_reports(
    on: impl Into<On<'_>>,
    facility_id: Uuid,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<ReportRecord>, StoreError> {
    on.into()
        .fetch_all(
            &format!("{REPORT_SELECT} WHERE r.facility_id = $1 AND r.created_at >= $2 AND r.created_at < $3 ORDER BY r.created_at, r.id"),
            &args![facility_id.to_string(), ts(from), ts(to)],
        )
        .await?
        .iter()
        .map(report_from)
        .collect()
}
