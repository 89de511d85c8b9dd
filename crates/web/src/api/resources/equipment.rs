//! Equipment of a department, and the catalogue of its kinds.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    AppState,
    api::{Page, PageQuery, fid, paginate, parse_id},
    error::{ApiResult, ErrorBody},
    extract::{Auth, Query, RawBody, parse_json},
};
use ekrov_app::facility::grant::{ManageEquipment, ViewEquipment};
use ekrov_domain::EquipmentKind;
use ekrov_domain::resources::{Equipment, NewEquipment, check_due};

#[derive(Serialize, ToSchema)]
pub struct EquipmentKindOut {
    pub code: &'static str,
    pub title_uk: &'static str,
    pub title_en: &'static str,
    /// The storage range a unit of this kind keeps by default, °C.
    pub temp_min_c: f64,
    pub temp_max_c: f64,
}

/// Kinds of blood-bank equipment with their default storage temperatures.
#[utoipa::path(get, path = "/api/v1/equipment-kinds", tag = "catalogues", responses((status = 200, body = Vec<EquipmentKindOut>)))]
pub async fn equipment_kinds() -> Json<Vec<EquipmentKindOut>> {
    Json(
        EquipmentKind::all()
            .iter()
            .map(|k| EquipmentKindOut {
                code: k.code,
                title_uk: k.title_uk,
                title_en: k.title_en,
                temp_min_c: k.default_min.celsius(),
                temp_max_c: k.default_max.celsius(),
            })
            .collect(),
    )
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
pub struct EquipmentIn {
    /// A code from `GET /api/v1/equipment-kinds`.
    pub kind: String,
    /// Defaults to the kind's title.
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub manufacturer: String,
    #[serde(default)]
    pub model: String,
    /// Unique per manufacturer within the facility.
    #[serde(default)]
    pub serial_number: String,
    /// Required; «відсутній» when the item was not inventoried.
    #[serde(default)]
    pub inventory_number: String,
    #[serde(default)]
    pub year_made: Option<i64>,
    /// `YYYY-MM-DD`
    #[serde(default)]
    pub in_service_on: Option<String>,
    /// Storage range, °C, one decimal at most; both left out: the kind's default range.
    #[serde(default)]
    pub temp_min_c: Option<f64>,
    #[serde(default)]
    pub temp_max_c: Option<f64>,
    /// `in_service` (default), `out_of_order`, `maintenance` or `decommissioned`.
    #[serde(default)]
    pub status: Option<String>,
    /// Required when decommissioned.
    #[serde(default)]
    pub status_reason: Option<String>,
    /// Last and next metrological check, `YYYY-MM-DD`.
    #[serde(default)]
    pub last_check_on: Option<String>,
    #[serde(default)]
    pub next_check_on: Option<String>,
    /// A workplace of the same department.
    #[serde(default)]
    pub workplace_id: Option<String>,
}

impl From<&EquipmentIn> for NewEquipment {
    fn from(e: &EquipmentIn) -> Self {
        NewEquipment {
            kind: e.kind.clone(),
            name: e.name.clone(),
            manufacturer: e.manufacturer.clone(),
            model: e.model.clone(),
            serial_number: e.serial_number.clone(),
            inventory_number: e.inventory_number.clone(),
            year_made: e.year_made,
            in_service_on: e.in_service_on.clone(),
            temp_min_c: e.temp_min_c,
            temp_max_c: e.temp_max_c,
            status: e.status.clone(),
            status_reason: e.status_reason.clone(),
            last_check_on: e.last_check_on.clone(),
            next_check_on: e.next_check_on.clone(),
            workplace_id: e.workplace_id.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct EquipmentOut {
    pub id: Uuid,
    pub department_id: Uuid,
    pub kind: String,
    pub kind_title_uk: &'static str,
    pub name: String,
    pub manufacturer: String,
    pub model: String,
    pub serial_number: String,
    pub inventory_number: String,
    pub inventory_absent: bool,
    pub year_made: Option<i64>,
    pub in_service_on: Option<NaiveDate>,
    pub temp_min_c: f64,
    pub temp_max_c: f64,
    pub status: &'static str,
    pub status_reason: Option<String>,
    pub last_check_on: Option<NaiveDate>,
    pub next_check_on: Option<NaiveDate>,
    /// `overdue`, `due_soon` (within 30 days) or null.
    pub check_due: Option<&'static str>,
    pub workplace_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl EquipmentOut {
    pub fn new(e: Equipment, today: NaiveDate) -> Self {
        let d = e.data;
        EquipmentOut {
            id: e.id,
            department_id: e.department_id,
            kind_title_uk: EquipmentKind::parse(&d.kind)
                .map(|k| k.title_uk)
                .unwrap_or(""),
            kind: d.kind,
            name: d.name,
            manufacturer: d.manufacturer,
            model: d.model,
            serial_number: d.serial_number,
            inventory_absent: d.inventory_number.is_absent(),
            inventory_number: d.inventory_number.as_str().to_owned(),
            year_made: d.year_made,
            in_service_on: d.in_service_on,
            temp_min_c: d.temp_min.celsius(),
            temp_max_c: d.temp_max.celsius(),
            status: d.status.code(),
            status_reason: d.status_reason,
            last_check_on: d.last_check_on,
            next_check_on: d.next_check_on,
            check_due: check_due(d.next_check_on, today),
            workplace_id: d.workplace_id,
            created_at: e.created_at,
            updated_at: e.updated_at,
        }
    }
}

/// A department's equipment (its «Ресурси» tab).
#[utoipa::path(get, path = "/api/v1/facilities/{facility_id}/departments/{id}/equipment", tag = "resources", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path), PageQuery),
    responses((status = 200, body = Page<EquipmentOut>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn equipment_list(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
    Query(q): Query<PageQuery>,
) -> ApiResult<Json<Page<EquipmentOut>>> {
    let a = s
        .app
        .facility_actor::<ViewEquipment>(&auth.principal, fid(&f)?)
        .await?;
    let id = parse_id(&id)?;
    let limit = q.limit()?;
    let rows = s.app.list_equipment(&a, id, q.cursor()?, limit + 1).await?;
    let today = s.app.today();
    Ok(Json(paginate(
        rows,
        limit,
        |e| (e.created_at, e.id),
        |e| EquipmentOut::new(e, today),
    )))
}

/// Enter a unit of equipment in a department («+ Створити обладнання», seed step 11).
#[utoipa::path(post, path = "/api/v1/facilities/{facility_id}/departments/{id}/equipment", tag = "resources", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)), request_body = EquipmentIn,
    responses((status = 201, body = EquipmentOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`duplicate_serial`"), (status = 422, body = ErrorBody)))]
pub async fn equipment_create(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
    RawBody(body): RawBody,
) -> ApiResult<(StatusCode, Json<EquipmentOut>)> {
    let a = s
        .app
        .facility_actor::<ManageEquipment>(&auth.principal, fid(&f)?)
        .await?;
    let id = parse_id(&id)?;
    let input: EquipmentIn = parse_json(&body)?;
    let today = s.app.today();
    let d = NewEquipment::from(&input).parse(today)?;
    let e = s.app.create_equipment(&a, id, d).await?;
    Ok((StatusCode::CREATED, Json(EquipmentOut::new(e, today))))
}

/// One unit of equipment.
#[utoipa::path(get, path = "/api/v1/facilities/{facility_id}/equipment/{id}", tag = "resources", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)),
    responses((status = 200, body = EquipmentOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn equipment_get(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
) -> ApiResult<Json<EquipmentOut>> {
    let a = s
        .app
        .facility_actor::<ViewEquipment>(&auth.principal, fid(&f)?)
        .await?;
    let e = s.app.get_equipment(&a, parse_id(&id)?).await?;
    Ok(Json(EquipmentOut::new(e, s.app.today())))
}

/// Change a unit of equipment (its status, checks, range…).
#[utoipa::path(put, path = "/api/v1/facilities/{facility_id}/equipment/{id}", tag = "resources", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)), request_body = EquipmentIn,
    responses((status = 200, body = EquipmentOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`duplicate_serial`"), (status = 422, body = ErrorBody)))]
pub async fn equipment_update(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
    RawBody(body): RawBody,
) -> ApiResult<Json<EquipmentOut>> {
    let a = s
        .app
        .facility_actor::<ManageEquipment>(&auth.principal, fid(&f)?)
        .await?;
    let id = parse_id(&id)?;
    let input: EquipmentIn = parse_json(&body)?;
    let today = s.app.today();
    let d = NewEquipment::from(&input).parse(today)?;
    let e = s.app.update_equipment(&a, id, d).await?;
    Ok(Json(EquipmentOut::new(e, today)))
}
