//! The blood bank's resources and the onboarding checklist (seed steps 10–12) under
//! `/api/v1/facilities/{facility_id}/…`: workplaces, equipment (the department's «Ресурси» tab),
//! the checklist, the FHIR export; and «Мої ресурси» at `/api/v1/me/resources`.
//!
//! As in `admin`, the permission proof comes first, the body second.

use axum::{
    Json,
    extract::{Path, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use ekrov_app::{
    AppError,
    facility::grant::{
        ManageEquipment, ManageWorkplaces, ViewEquipment, ViewOnboarding, ViewStructure,
    },
    onboarding::Checklist,
    resources::MyResource,
};
use ekrov_domain::{
    EquipmentKind, EquipmentStatus, InventoryNumber, Tenths, resources::RangeError,
};
use ekrov_domain::{
    onboarding::OpenInvitation,
    resources::{Equipment, EquipmentData, Workplace, WorkplaceData},
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{
    Page, PageQuery,
    admin::{date, done, fid, first, optional, required, uuid_field},
    applications::parse_id,
    paginate,
};
use crate::{
    AppState,
    error::{ApiResult, ErrorBody},
    extract::{Auth, Query, RawBody, parse_json},
};

/// A metrological check due within this many days is highlighted.
pub const CHECK_DUE_SOON_DAYS: i64 = 30;

fn inventory(errs: &mut Vec<AppError>, v: &str) -> Option<InventoryNumber> {
    InventoryNumber::parse(v)
        .map_err(|e| {
            errs.push(AppError::invalid(
                "inventory_number",
                e.code(),
                e.message_uk(),
            ))
        })
        .ok()
}

fn optional_date(errs: &mut Vec<AppError>, field: &str, v: Option<&str>) -> Option<NaiveDate> {
    let t = v.map(str::trim).filter(|t| !t.is_empty())?;
    date(errs, field, t)
}

// ───────────── catalogue ─────────────

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

// ───────────── workplaces ─────────────

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
pub struct WorkplaceIn {
    pub name: String,
    #[serde(default)]
    pub room: Option<String>,
    /// «Інвентарний номер»: required; «відсутній» when the premises were not inventoried.
    #[serde(default)]
    pub inventory_number: String,
    /// Employees of the facility who work here.
    #[serde(default)]
    pub employee_ids: Vec<String>,
}

pub fn parse_workplace(w: &WorkplaceIn) -> Result<WorkplaceData, Vec<AppError>> {
    let mut errs = Vec::new();
    let name = required(&mut errs, "name", &w.name);
    let room = optional(&mut errs, "room", w.room.as_deref());
    let inventory_number = inventory(&mut errs, &w.inventory_number);
    let mut employee_ids: Vec<Uuid> = Vec::new();
    for (i, e) in w.employee_ids.iter().enumerate() {
        if let Some(id) = uuid_field(&mut errs, &format!("employee_ids[{i}]"), e)
            && !employee_ids.contains(&id)
        {
            employee_ids.push(id);
        }
    }
    if employee_ids.len() > 500 {
        errs.push(AppError::invalid(
            "employee_ids",
            "too_many",
            "Не більше 500 працівників на одному робочому місці",
        ));
    }
    done(
        errs,
        inventory_number.map(|inventory_number| WorkplaceData {
            name,
            room,
            inventory_number,
            employee_ids,
        }),
    )
}

#[derive(Serialize, ToSchema)]
pub struct WorkplaceOut {
    pub id: Uuid,
    pub department_id: Uuid,
    pub name: String,
    pub room: Option<String>,
    pub inventory_number: String,
    /// The inventory number is «відсутній».
    pub inventory_absent: bool,
    pub employee_ids: Vec<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Workplace> for WorkplaceOut {
    fn from(w: Workplace) -> Self {
        WorkplaceOut {
            id: w.id,
            department_id: w.department_id,
            inventory_absent: w.data.inventory_number.is_absent(),
            inventory_number: w.data.inventory_number.as_str().to_owned(),
            name: w.data.name,
            room: w.data.room,
            employee_ids: w.data.employee_ids,
            created_at: w.created_at,
            updated_at: w.updated_at,
        }
    }
}

/// A department's workplaces.
#[utoipa::path(get, path = "/api/v1/facilities/{facility_id}/departments/{id}/workplaces", tag = "resources", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path), PageQuery),
    responses((status = 200, body = Page<WorkplaceOut>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn workplaces_list(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
    Query(q): Query<PageQuery>,
) -> ApiResult<Json<Page<WorkplaceOut>>> {
    let a = s
        .app
        .facility_actor::<ViewStructure>(&auth.principal, fid(&f)?)
        .await?;
    let id = parse_id(&id)?;
    let limit = q.limit()?;
    let rows = s
        .app
        .list_workplaces(&a, id, q.cursor()?, limit + 1)
        .await?;
    Ok(Json(paginate(
        rows,
        limit,
        |w| (w.created_at, w.id),
        WorkplaceOut::from,
    )))
}

/// Create a workplace in a department (seed step 10).
#[utoipa::path(post, path = "/api/v1/facilities/{facility_id}/departments/{id}/workplaces", tag = "resources", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)), request_body = WorkplaceIn,
    responses((status = 201, body = WorkplaceOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn workplaces_create(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
    RawBody(body): RawBody,
) -> ApiResult<(StatusCode, Json<WorkplaceOut>)> {
    let a = s
        .app
        .facility_actor::<ManageWorkplaces>(&auth.principal, fid(&f)?)
        .await?;
    let id = parse_id(&id)?;
    let input: WorkplaceIn = parse_json(&body)?;
    let d = parse_workplace(&input).map_err(first)?;
    Ok((
        StatusCode::CREATED,
        Json(s.app.create_workplace(&a, id, d).await?.into()),
    ))
}

/// One workplace.
#[utoipa::path(get, path = "/api/v1/facilities/{facility_id}/workplaces/{id}", tag = "resources", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)),
    responses((status = 200, body = WorkplaceOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn workplaces_get(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
) -> ApiResult<Json<WorkplaceOut>> {
    let a = s
        .app
        .facility_actor::<ViewStructure>(&auth.principal, fid(&f)?)
        .await?;
    Ok(Json(s.app.get_workplace(&a, parse_id(&id)?).await?.into()))
}

/// Change a workplace.
#[utoipa::path(put, path = "/api/v1/facilities/{facility_id}/workplaces/{id}", tag = "resources", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)), request_body = WorkplaceIn,
    responses((status = 200, body = WorkplaceOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn workplaces_update(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
    RawBody(body): RawBody,
) -> ApiResult<Json<WorkplaceOut>> {
    let a = s
        .app
        .facility_actor::<ManageWorkplaces>(&auth.principal, fid(&f)?)
        .await?;
    let id = parse_id(&id)?;
    let input: WorkplaceIn = parse_json(&body)?;
    let d = parse_workplace(&input).map_err(first)?;
    Ok(Json(s.app.update_workplace(&a, id, d).await?.into()))
}

// ───────────── equipment ─────────────

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

fn temperature(errs: &mut Vec<AppError>, field: &str, v: f64) -> Option<Tenths> {
    let t = Tenths::from_celsius(v);
    if t.is_none() {
        errs.push(AppError::invalid(
            field,
            "out_of_range",
            "Температура від −100 до +100 °C, не більше одного знаку після коми",
        ));
    }
    t
}

/// Parse and check an equipment form; `today` bounds the dates (nothing is put in service, made
/// or checked in the future).
pub fn parse_equipment(e: &EquipmentIn, today: NaiveDate) -> Result<EquipmentData, Vec<AppError>> {
    let mut errs = Vec::new();
    let kind = match e.kind.trim() {
        "" => {
            errs.push(AppError::invalid(
                "kind",
                "required",
                "Оберіть вид обладнання",
            ));
            None
        }
        k => {
            let kind = EquipmentKind::parse(k);
            if kind.is_none() {
                errs.push(AppError::invalid(
                    "kind",
                    "unknown_kind",
                    "Оберіть вид обладнання з довідника",
                ));
            }
            kind
        }
    };
    let name = optional(&mut errs, "name", e.name.as_deref());
    let manufacturer = required(&mut errs, "manufacturer", &e.manufacturer);
    let model = required(&mut errs, "model", &e.model);
    let serial_number = required(&mut errs, "serial_number", &e.serial_number);
    let inventory_number = inventory(&mut errs, &e.inventory_number);
    if let Some(y) = e.year_made
        && !(1950..=i64::from(today.year())).contains(&y)
    {
        errs.push(AppError::invalid(
            "year_made",
            "out_of_range",
            format!("Рік виготовлення: від 1950 до {}", today.year()),
        ));
    }
    let in_service_on = optional_date(&mut errs, "in_service_on", e.in_service_on.as_deref());
    if let Some(d) = in_service_on {
        if d > today {
            errs.push(AppError::invalid(
                "in_service_on",
                "in_future",
                "Дата введення в експлуатацію не може бути в майбутньому",
            ));
        } else if e.year_made.is_some_and(|y| i64::from(d.year()) < y) {
            errs.push(AppError::invalid(
                "in_service_on",
                "before_made",
                "Обладнання не могли ввести в експлуатацію раніше, ніж виготовили",
            ));
        }
    }
    let range = match (e.temp_min_c, e.temp_max_c, kind) {
        (None, None, Some(k)) => Some((k.default_min, k.default_max)),
        (None, None, None) => None,
        (None, Some(_), _) | (Some(_), None, _) => {
            let field = if e.temp_min_c.is_none() {
                "temp_min_c"
            } else {
                "temp_max_c"
            };
            errs.push(AppError::invalid(
                field,
                "required",
                "Вкажіть обидві межі діапазону температури або жодної (тоді діє типовий для виду)",
            ));
            None
        }
        (Some(lo), Some(hi), _) => {
            let lo = temperature(&mut errs, "temp_min_c", lo);
            let hi = temperature(&mut errs, "temp_max_c", hi);
            lo.zip(hi)
        }
    };
    if let (Some(k), Some((lo, hi))) = (kind, range) {
        match k.check_range(lo, hi) {
            Ok(()) => {}
            Err(RangeError::MinNotBelowMax) => errs.push(AppError::invalid(
                "temp_min_c",
                "min_not_below_max",
                "Нижня межа температури має бути меншою за верхню",
            )),
            Err(RangeError::Implausible { field, message }) => {
                errs.push(AppError::invalid(field, "implausible_for_kind", message))
            }
        }
    }
    let status = match e.status.as_deref().map(str::trim) {
        None | Some("") => EquipmentStatus::InService,
        Some(c) => EquipmentStatus::parse(c).unwrap_or_else(|| {
            errs.push(AppError::invalid(
                "status",
                "unknown_status",
                "Стан: in_service, out_of_order, maintenance або decommissioned",
            ));
            EquipmentStatus::InService
        }),
    };
    let status_reason = optional(&mut errs, "status_reason", e.status_reason.as_deref());
    if status.needs_reason() && status_reason.is_none() {
        errs.push(AppError::invalid(
            "status_reason",
            "required",
            "Вкажіть причину списання",
        ));
    }
    let last_check_on = optional_date(&mut errs, "last_check_on", e.last_check_on.as_deref());
    let next_check_on = optional_date(&mut errs, "next_check_on", e.next_check_on.as_deref());
    if last_check_on.is_some_and(|d| d > today) {
        errs.push(AppError::invalid(
            "last_check_on",
            "in_future",
            "Остання повірка не може бути в майбутньому",
        ));
    }
    if let (Some(l), Some(n)) = (last_check_on, next_check_on)
        && n <= l
    {
        errs.push(AppError::invalid(
            "next_check_on",
            "not_after_last",
            "Наступна повірка має бути пізніше за останню",
        ));
    }
    let workplace_id = match e.workplace_id.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(w) => uuid_field(&mut errs, "workplace_id", w),
    };
    let value = match (kind, inventory_number, range) {
        (Some(k), Some(inventory_number), Some((temp_min, temp_max))) => Some(EquipmentData {
            kind: k.code.to_owned(),
            name: name.unwrap_or_else(|| k.title_uk.to_owned()),
            manufacturer,
            model,
            serial_number,
            inventory_number,
            year_made: e.year_made,
            in_service_on,
            temp_min,
            temp_max,
            status,
            status_reason,
            last_check_on,
            next_check_on,
            workplace_id,
        }),
        _ => None,
    };
    done(errs, value)
}

/// Where the next metrological check stands: `overdue`, `due_soon` (within 30 days) or null.
pub fn check_due(next: Option<NaiveDate>, today: NaiveDate) -> Option<&'static str> {
    let n = next?;
    if n < today {
        Some("overdue")
    } else if (n - today).num_days() <= CHECK_DUE_SOON_DAYS {
        Some("due_soon")
    } else {
        None
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
    let d = parse_equipment(&input, today).map_err(first)?;
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
    let d = parse_equipment(&input, today).map_err(first)?;
    let e = s.app.update_equipment(&a, id, d).await?;
    Ok(Json(EquipmentOut::new(e, today)))
}

// ───────────── «Мої ресурси» ─────────────

#[derive(Serialize, ToSchema)]
pub struct PlaceOut {
    pub id: Uuid,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct MyResourceOut {
    pub facility: PlaceOut,
    pub department: PlaceOut,
    pub equipment: EquipmentOut,
}

#[derive(Serialize, ToSchema)]
pub struct MyResourcesOut {
    pub items: Vec<MyResourceOut>,
    /// Read-only: equipment is created in «Організаційна структура» → the department → «Ресурси».
    pub note_uk: &'static str,
}

pub const MY_RESOURCES_NOTE_UK: &str = "Тут лише перегляд. Обладнання створюють в «Організаційна структура»: оберіть відділ і відкрийте вкладку «Ресурси».";

pub fn my_resource_out(r: MyResource, today: NaiveDate) -> MyResourceOut {
    MyResourceOut {
        facility: PlaceOut {
            id: r.equipment.facility_id,
            name: r.facility_name,
        },
        department: PlaceOut {
            id: r.equipment.department_id,
            name: r.department_name,
        },
        equipment: EquipmentOut::new(r.equipment, today),
    }
}

/// «Мої ресурси»: equipment of the departments where the caller holds an active assignment.
#[utoipa::path(get, path = "/api/v1/me/resources", tag = "resources", security(("bearer" = [])),
    responses((status = 200, body = MyResourcesOut), (status = 401, body = ErrorBody)))]
pub async fn my_resources(
    State(s): State<AppState>,
    auth: Auth,
) -> ApiResult<Json<MyResourcesOut>> {
    let today = s.app.today();
    let items = s
        .app
        .my_resources(&auth.principal)
        .await?
        .into_iter()
        .map(|r| my_resource_out(r, today))
        .collect();
    Ok(Json(MyResourcesOut {
        items,
        note_uk: MY_RESOURCES_NOTE_UK,
    }))
}

// ───────────── the onboarding checklist ─────────────

#[derive(Serialize, ToSchema)]
pub struct StepOut {
    pub code: &'static str,
    /// The seed's step number.
    pub seed_step: u8,
    pub title_uk: &'static str,
    pub title_en: &'static str,
    pub done: bool,
    /// Not counted in `done`/`total`.
    pub optional: bool,
    pub detail: String,
    pub detail_en: String,
}

#[derive(Serialize, ToSchema)]
pub struct InvitationOut {
    pub assignment_id: Uuid,
    pub employee_name: String,
    pub position_title: String,
    pub expires_at: DateTime<Utc>,
    /// Expired: issue a new one with `POST /assignments/{id}/invitation`.
    pub expired: bool,
    /// Whole minutes left (0 once expired).
    pub minutes_left: i64,
}

#[derive(Serialize, ToSchema)]
pub struct OnboardingOut {
    pub steps: Vec<StepOut>,
    pub done: u32,
    pub total: u32,
    pub percent: u32,
    /// The code of the first required step not done, null when all are.
    pub next: Option<&'static str>,
    pub invitations: Vec<InvitationOut>,
}

pub fn steps_out(c: &Checklist) -> Vec<StepOut> {
    c.steps
        .iter()
        .map(|s| StepOut {
            code: s.def.code,
            seed_step: s.def.seed_step,
            title_uk: s.def.title_uk,
            title_en: s.def.title_en,
            done: s.done,
            optional: s.def.optional,
            detail: s.detail_uk.clone(),
            detail_en: s.detail_en.clone(),
        })
        .collect()
}

pub fn invitation_out(i: OpenInvitation, now: DateTime<Utc>) -> InvitationOut {
    InvitationOut {
        assignment_id: i.assignment_id,
        employee_name: i.employee_name,
        position_title: i.position_title,
        expired: i.expires_at <= now,
        minutes_left: (i.expires_at - now).num_minutes().max(0),
        expires_at: i.expires_at,
    }
}

/// The onboarding checklist of the seed's steps, computed from the facility's data.
#[utoipa::path(get, path = "/api/v1/facilities/{facility_id}/onboarding", tag = "resources", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path)),
    responses((status = 200, body = OnboardingOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn onboarding(
    State(s): State<AppState>,
    auth: Auth,
    Path(f): Path<String>,
) -> ApiResult<Json<OnboardingOut>> {
    let a = s
        .app
        .facility_actor::<ViewOnboarding>(&auth.principal, fid(&f)?)
        .await?;
    let (c, invitations) = s.app.onboarding(&a).await?;
    let now = s.app.now();
    Ok(Json(OnboardingOut {
        steps: steps_out(&c),
        done: c.done,
        total: c.total,
        percent: c.percent(),
        next: c.next().map(|s| s.def.code),
        invitations: invitations
            .into_iter()
            .map(|i| invitation_out(i, now))
            .collect(),
    }))
}

// ───────────── FHIR ─────────────

/// The facility's structure as a FHIR R4 Bundle (Organization, Practitioner, PractitionerRole,
/// Location, Device).
#[utoipa::path(get, path = "/api/v1/facilities/{facility_id}/fhir", tag = "resources", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path)),
    responses((status = 200, content_type = "application/fhir+json", body = Object, description = "a FHIR R4 Bundle of type collection"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn fhir(
    State(s): State<AppState>,
    auth: Auth,
    Path(f): Path<String>,
) -> ApiResult<Response> {
    let a = s
        .app
        .facility_actor::<ViewStructure>(&auth.principal, fid(&f)?)
        .await?;
    let bundle = s.app.fhir_bundle(&a).await?;
    Ok((
        [(header::CONTENT_TYPE, "application/fhir+json; charset=utf-8")],
        bundle.to_string(),
    )
        .into_response())
}
