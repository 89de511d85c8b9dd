//! Requests and their proposal, issue, return, discard, transfusion outcome, and a unit's trace.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use chrono::{DateTime, Utc};
use ekrov_app::{
    facility::grant::{DiscardStock, IssueStock, RecordTransfusion, ViewRequests, ViewStock},
    stock::{IssueInput, RequestInput},
};
use ekrov_domain::stock::{
    ClinicalRequestInput, Patient, PatientInput, haemovigilance::ReactionInput,
    records::RequestRecord,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{UnitOut, receipt::body_id};
use crate::{
    AppState,
    api::{Page, PageQuery, fid, paginate, parse_id},
    error::{ApiResult, ErrorBody},
    extract::{Auth, Query, RawBody, parse_json},
};

#[derive(Deserialize, Serialize, ToSchema, Default)]
#[serde(default)]
pub struct PatientIo {
    pub record_number: String,
    pub surname: String,
    pub given_name: String,
    pub patronymic: Option<String>,
    /// `YYYY-MM-DD`.
    pub birth_date: String,
    /// `O`, `A`, `B`, `AB`.
    pub abo: String,
    /// `pos`, `neg`.
    pub rhd: String,
}

impl From<Patient> for PatientIo {
    fn from(p: Patient) -> Self {
        PatientIo {
            record_number: p.record_number,
            surname: p.surname,
            given_name: p.given_name,
            patronymic: p.patronymic,
            birth_date: p.birth_date.to_string(),
            abo: p.group.abo.code().into(),
            rhd: p.group.rhd.code().into(),
        }
    }
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct RequestIn {
    pub ward_department_id: Option<String>,
    pub doctor_employee_id: Option<String>,
    pub patient: PatientIo,
    pub component: String,
    pub quantity: Option<i64>,
    /// `planned`, `urgent`, `emergency`.
    pub urgency: String,
    pub justification: String,
}

#[derive(Serialize, ToSchema)]
pub struct RequestOut {
    pub id: Uuid,
    pub ward_department_id: Uuid,
    pub doctor_employee_id: Uuid,
    /// Only for holders of `patients.view`.
    pub patient: Option<PatientIo>,
    /// The patient's tested group, always shown (the blood bank matches by it).
    pub patient_abo: String,
    pub patient_rhd: String,
    pub component: String,
    pub quantity: u32,
    pub urgency: String,
    pub justification: String,
    pub status: String,
    pub created_at: DateTime<Utc>,
}

fn request_out(r: RequestRecord, see_patient: bool) -> RequestOut {
    let q = r.request;
    RequestOut {
        id: r.id,
        ward_department_id: r.ward_department_id,
        doctor_employee_id: r.doctor_employee_id,
        patient_abo: q.patient.group.abo.code().into(),
        patient_rhd: q.patient.group.rhd.code().into(),
        patient: see_patient.then(|| q.patient.into()),
        component: q.component.code().into(),
        quantity: q.quantity,
        urgency: q.urgency.code().into(),
        justification: q.justification,
        status: r.status,
        created_at: r.created_at,
    }
}

fn opt_id(field: &str, v: Option<&str>) -> Result<Option<Uuid>, ekrov_app::AppError> {
    match v.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        some => body_id(field, some).map(Some),
    }
}

/// A ward's request («заявка») for blood components.
#[utoipa::path(post, path = "/api/v1/facilities/{facility_id}/requests", tag = "stock", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path)), request_body = RequestIn,
    responses((status = 201, body = RequestOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn requests_create(
    State(s): State<AppState>,
    auth: Auth,
    Path(f): Path<String>,
    RawBody(body): RawBody,
) -> ApiResult<(StatusCode, Json<RequestOut>)> {
    let a = s
        .app
        .facility_actor::<RecordTransfusion>(&auth.principal, fid(&f)?)
        .await?;
    let i: RequestIn = parse_json(&body)?;
    let p = i.patient;
    let input = RequestInput {
        ward_department_id: opt_id("ward_department_id", i.ward_department_id.as_deref())?,
        doctor_employee_id: opt_id("doctor_employee_id", i.doctor_employee_id.as_deref())?,
        request: ClinicalRequestInput {
            patient: PatientInput {
                record_number: p.record_number,
                surname: p.surname,
                given_name: p.given_name,
                patronymic: p.patronymic.unwrap_or_default(),
                birth_date: p.birth_date,
                abo: p.abo,
                rhd: p.rhd,
            },
            component: i.component,
            quantity: i.quantity,
            urgency: i.urgency,
            justification: i.justification,
        },
    };
    let r = s.app.create_request(&a, input).await?;
    let see = a.sees_patients();
    Ok((StatusCode::CREATED, Json(request_out(r, see))))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct RequestsQuery {
    pub limit: Option<i64>,
    pub cursor: Option<String>,
    /// Only open requests (the queue).
    pub open: Option<bool>,
}

/// The requests, oldest first; `?open=true` for the queue.
#[utoipa::path(get, path = "/api/v1/facilities/{facility_id}/requests", tag = "stock", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), RequestsQuery),
    responses((status = 200, body = Page<RequestOut>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn requests_list(
    State(s): State<AppState>,
    auth: Auth,
    Path(f): Path<String>,
    Query(q): Query<RequestsQuery>,
) -> ApiResult<Json<Page<RequestOut>>> {
    let a = s
        .app
        .facility_actor::<ViewRequests>(&auth.principal, fid(&f)?)
        .await?;
    let pq = PageQuery {
        limit: q.limit,
        cursor: q.cursor,
    };
    let limit = pq.limit()?;
    let rows = s
        .app
        .list_requests(&a, q.open.unwrap_or(false), pq.cursor()?, limit + 1)
        .await?;
    let see = a.sees_patients();
    Ok(Json(paginate(
        rows,
        limit,
        |r| (r.created_at, r.id),
        |r| request_out(r, see),
    )))
}

#[derive(Serialize, ToSchema)]
pub struct ProposedUnit {
    #[serde(flatten)]
    pub unit: UnitOut,
    /// `identical` or `compatible`.
    #[serde(rename = "match")]
    pub fit: String,
}

#[derive(Serialize, ToSchema)]
pub struct ProposalOut {
    pub request_id: Uuid,
    /// Identical ABO/RhD first, then compatible, each first expiry first.
    pub items: Vec<ProposedUnit>,
    /// RhD-incompatible units: only for an emergency request, with a recorded reason.
    pub emergency_only: Vec<UnitOut>,
}

/// Units proposed for a request, in the order offered.
#[utoipa::path(get, path = "/api/v1/facilities/{facility_id}/requests/{id}/proposal", tag = "stock", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)),
    responses((status = 200, body = ProposalOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn requests_proposal(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
) -> ApiResult<Json<ProposalOut>> {
    let a = s
        .app
        .facility_actor::<IssueStock>(&auth.principal, fid(&f)?)
        .await?;
    let p = s.app.proposal(&a, parse_id(&id)?).await?;
    let now = s.app.local_now();
    Ok(Json(ProposalOut {
        request_id: p.request.id,
        items: p
            .offered
            .into_iter()
            .map(|(m, u)| ProposedUnit {
                fit: m.code().into(),
                unit: UnitOut::new(u, now),
            })
            .collect(),
        emergency_only: p
            .emergency_only
            .into_iter()
            .map(|u| UnitOut::new(u, now))
            .collect(),
    }))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct IssueIn {
    pub request_id: Option<String>,
    /// Who took the unit to the ward.
    pub received_by: String,
    /// An emergency exception (RhD-incompatible unit): why; the caller is recorded as who decided.
    pub exception_reason: Option<String>,
}

/// Issue a unit against a request. 409 `unit_status`; 422 `incompatible`, `exception_required`.
#[utoipa::path(post, path = "/api/v1/facilities/{facility_id}/units/{id}/issue", tag = "stock", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)), request_body = IssueIn,
    responses((status = 200, body = UnitOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`unit_status`"), (status = 422, body = ErrorBody)))]
pub async fn units_issue(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
    RawBody(body): RawBody,
) -> ApiResult<Json<UnitOut>> {
    let a = s
        .app
        .facility_actor::<IssueStock>(&auth.principal, fid(&f)?)
        .await?;
    let id = parse_id(&id)?;
    let i: IssueIn = parse_json(&body)?;
    let input = IssueInput {
        request_id: opt_id("request_id", i.request_id.as_deref())?,
        received_by: i.received_by,
        exception_reason: i.exception_reason,
    };
    let u = s.app.issue_unit(&a, id, input).await?;
    Ok(Json(UnitOut::new(u, s.app.local_now())))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct ReturnIn {
    pub equipment_id: Option<String>,
}

/// Return an issued unit into a storage unit. 422 `returned_too_late` past the time out of storage.
#[utoipa::path(post, path = "/api/v1/facilities/{facility_id}/units/{id}/return", tag = "stock", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)), request_body = ReturnIn,
    responses((status = 200, body = UnitOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`unit_status`"), (status = 422, body = ErrorBody)))]
pub async fn units_return(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
    RawBody(body): RawBody,
) -> ApiResult<Json<UnitOut>> {
    let a = s
        .app
        .facility_actor::<IssueStock>(&auth.principal, fid(&f)?)
        .await?;
    let id = parse_id(&id)?;
    let i: ReturnIn = parse_json(&body)?;
    let eq = opt_id("equipment_id", i.equipment_id.as_deref())?;
    let u = s.app.return_unit(&a, id, eq).await?;
    Ok(Json(UnitOut::new(u, s.app.local_now())))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct DiscardIn {
    /// `expired`, `storage`, `temperature`, `transport`, `damaged`, `visual`, `returned_late`,
    /// `test_reactive`, `recalled`, `other`.
    pub reason: String,
    pub note: Option<String>,
}

/// Discard a unit with a reason.
#[utoipa::path(post, path = "/api/v1/facilities/{facility_id}/units/{id}/discard", tag = "stock", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)), request_body = DiscardIn,
    responses((status = 200, body = UnitOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`unit_status`"), (status = 422, body = ErrorBody)))]
pub async fn units_discard(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
    RawBody(body): RawBody,
) -> ApiResult<Json<UnitOut>> {
    let a = s
        .app
        .facility_actor::<DiscardStock>(&auth.principal, fid(&f)?)
        .await?;
    let id = parse_id(&id)?;
    let i: DiscardIn = parse_json(&body)?;
    let u = s
        .app
        .discard_unit(&a, id, &i.reason, i.note.as_deref())
        .await?;
    Ok(Json(UnitOut::new(u, s.app.local_now())))
}

#[derive(Deserialize, Serialize, ToSchema, Default)]
#[serde(default)]
pub struct ReactionIn {
    /// `febrile`, `allergic`, `anaphylaxis`, `abo_incompatibility`, `haemolytic`, `taco`,
    /// `trali`, `bacterial`, `other`.
    #[serde(rename = "type")]
    pub kind: String,
    /// `non_severe`, `severe`, `life_threatening`, `death`.
    pub severity: String,
    /// Goes to the national operator: must not name the patient.
    pub description: String,
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct TransfusionIn {
    /// `uneventful`, `reaction`, `not_transfused`.
    pub outcome: String,
    pub reaction: Option<ReactionIn>,
}

#[derive(Serialize, ToSchema)]
pub struct TransfusionOut {
    pub unit: UnitOut,
    pub outcome: String,
    /// The haemovigilance report a reaction made.
    pub report_id: Option<Uuid>,
}

/// The ward's transfusion outcome for an issued unit.
#[utoipa::path(post, path = "/api/v1/facilities/{facility_id}/units/{id}/transfusion", tag = "stock", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)), request_body = TransfusionIn,
    responses((status = 200, body = TransfusionOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`unit_status`"), (status = 422, body = ErrorBody)))]
pub async fn units_transfusion(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
    RawBody(body): RawBody,
) -> ApiResult<Json<TransfusionOut>> {
    let a = s
        .app
        .facility_actor::<RecordTransfusion>(&auth.principal, fid(&f)?)
        .await?;
    let id = parse_id(&id)?;
    let i: TransfusionIn = parse_json(&body)?;
    let reaction = i.reaction.map(|r| ReactionInput {
        reaction_type: r.kind,
        severity: r.severity,
        description: r.description,
    });
    let o = s
        .app
        .record_transfusion(&a, id, &i.outcome, reaction)
        .await?;
    Ok(Json(TransfusionOut {
        unit: UnitOut::new(o.unit, s.app.local_now()),
        outcome: o.outcome.code().into(),
        report_id: o.report_id,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct TraceEvent {
    /// `received`, `issued`, `returned`, `transfused`, `discarded`, …
    pub kind: String,
    pub at: DateTime<Utc>,
    /// Who recorded it.
    pub by: String,
    pub equipment_id: Option<Uuid>,
    pub request_id: Option<Uuid>,
    pub taken_by: Option<String>,
    pub reason: Option<String>,
    pub note: Option<String>,
    pub exception_reason: Option<String>,
    /// Only for holders of `patients.view`.
    pub patient: Option<PatientIo>,
}

#[derive(Serialize, ToSchema)]
pub struct TraceOut {
    pub unit: UnitOut,
    /// The events, oldest first (a whole list: `next_cursor` is always null).
    pub items: Vec<TraceEvent>,
    pub next_cursor: Option<String>,
}

/// Every event of a unit, oldest first.
#[utoipa::path(get, path = "/api/v1/facilities/{facility_id}/units/{id}/trace", tag = "stock", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)),
    responses((status = 200, body = TraceOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn units_trace(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
) -> ApiResult<Json<TraceOut>> {
    let a = s
        .app
        .facility_actor::<ViewStock>(&auth.principal, fid(&f)?)
        .await?;
    let t = s.app.trace(&a, parse_id(&id)?).await?;
    let mut unit = t.unit;
    if unit.status.is_none() {
        unit.status = t.events.last().map(|e| e.event.status_after);
    }
    Ok(Json(TraceOut {
        unit: UnitOut::new(unit, s.app.local_now()),
        next_cursor: None,
        items: t
            .events
            .into_iter()
            .map(|e| TraceEvent {
                kind: e.event.kind.code().into(),
                at: e.event.at,
                by: e.event.actor_name,
                equipment_id: e.event.equipment_id,
                request_id: e.event.request_id,
                taken_by: e.event.taken_by,
                reason: e.event.reason_code,
                note: e.event.reason_text,
                exception_reason: e.event.exception_reason,
                patient: e.patient.map(PatientIo::from),
            })
            .collect(),
    }))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct UnitsQuery {
    /// The 13-character DIN (none: an empty list).
    pub din: Option<String>,
}

/// The facility's units with a DIN (one donation may give several components).
#[utoipa::path(get, path = "/api/v1/facilities/{facility_id}/units", tag = "stock", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), UnitsQuery),
    responses((status = 200, body = Page<UnitOut>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn units_by_din(
    State(s): State<AppState>,
    auth: Auth,
    Path(f): Path<String>,
    Query(q): Query<UnitsQuery>,
) -> ApiResult<Json<Page<UnitOut>>> {
    let a = s
        .app
        .facility_actor::<ViewStock>(&auth.principal, fid(&f)?)
        .await?;
    let now = s.app.local_now();
    let items = match q.din.as_deref().map(str::trim) {
        Some(din) if !din.is_empty() => s.app.units_by_din(&a, din).await?,
        _ => Vec::new(),
    };
    Ok(Json(Page {
        items: items.into_iter().map(|u| UnitOut::new(u, now)).collect(),
        next_cursor: None,
    }))
}
