//! The catalogue, consignments, receipt by scan and the stock list.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use chrono::{DateTime, Utc};
use ekrov_app::{
    AppError,
    facility::grant::{ReceiveStock, ViewStock},
    stock::{ConsignmentInput, LabelInput, ReceiptInput, StockQuery},
};
use ekrov_domain::stock::{
    CatalogueEntry, ComponentClass, catalogue::CatalogueInput, records::Consignment,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::UnitOut;
use crate::{
    AppState,
    api::{Page, fid, parse_id},
    error::{ApiResult, ErrorBody},
    extract::{Auth, Query, RawBody, parse_json},
};

#[derive(Serialize, Deserialize, ToSchema)]
pub struct ProductIo {
    /// The 5-character product description code (`E0001`).
    pub code: String,
    pub title_uk: String,
    #[serde(default)]
    pub title_en: String,
    /// `red_cells`, `plasma`, `platelets`, `cryoprecipitate`, `whole_blood`.
    pub component: String,
    /// Equipment kind codes it may be stored in (empty: all its class's storage kinds).
    #[serde(default)]
    pub equipment_kinds: Vec<String>,
    pub shelf_life_days: Option<i64>,
}

impl From<CatalogueEntry> for ProductIo {
    fn from(e: CatalogueEntry) -> Self {
        ProductIo {
            code: e.code.as_str().into(),
            title_uk: e.title_uk,
            title_en: e.title_en,
            component: e.component.code().into(),
            equipment_kinds: e.equipment_kinds.iter().map(|k| k.to_string()).collect(),
            shelf_life_days: Some(i64::from(e.shelf_life_days)),
        }
    }
}

/// The product catalogue kept by the national operator.
#[utoipa::path(get, path = "/api/v1/products", tag = "stock", security(("bearer" = [])),
    responses((status = 200, body = Vec<ProductIo>), (status = 401, body = ErrorBody)))]
pub async fn products_list(
    State(s): State<AppState>,
    auth: Auth,
) -> ApiResult<Json<Vec<ProductIo>>> {
    let p = s.app.products(&auth.principal).await?;
    Ok(Json(p.into_iter().map(ProductIo::from).collect()))
}

/// Add a product to the catalogue (national operator).
#[utoipa::path(post, path = "/api/v1/products", tag = "stock", security(("bearer" = [])), request_body = ProductIo,
    responses((status = 201, body = ProductIo), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`duplicate_product`"), (status = 422, body = ErrorBody)))]
pub async fn products_create(
    State(s): State<AppState>,
    auth: Auth,
    RawBody(body): RawBody,
) -> ApiResult<(StatusCode, Json<ProductIo>)> {
    let op = auth.principal.as_operator()?;
    let i: ProductIo = parse_json(&body)?;
    let input = CatalogueInput {
        code: i.code,
        title_uk: i.title_uk,
        title_en: i.title_en,
        component: i.component,
        equipment_kinds: i.equipment_kinds,
        shelf_life_days: i.shelf_life_days,
    };
    let e = CatalogueEntry::parse(&input).map_err(|errs| {
        let e = &errs[0];
        AppError::invalid(e.field.clone(), e.code, e.message.clone())
    })?;
    let e = s.app.add_product(&op, e).await?;
    Ok((StatusCode::CREATED, Json(e.into())))
}

#[derive(Deserialize, ToSchema)]
pub struct ConsignmentIn {
    /// The blood establishment (центр крові).
    #[serde(default)]
    pub supplier: String,
    /// The supplier's number of the delivery.
    #[serde(default)]
    pub number: String,
    /// Default: now.
    pub arrived_at: Option<DateTime<Utc>>,
    pub temperature_c: Option<f64>,
}

#[derive(Serialize, ToSchema)]
pub struct ConsignmentOut {
    pub id: Uuid,
    pub supplier: String,
    pub number: String,
    pub arrived_at: DateTime<Utc>,
    pub temperature_c: Option<f64>,
    pub received_by: String,
    pub created_at: DateTime<Utc>,
}

impl From<Consignment> for ConsignmentOut {
    fn from(c: Consignment) -> Self {
        ConsignmentOut {
            id: c.id,
            supplier: c.supplier,
            number: c.number,
            arrived_at: c.arrived_at,
            temperature_c: c.temperature_x10.map(|t| t as f64 / 10.0),
            received_by: c.received_by_name,
            created_at: c.created_at,
        }
    }
}

/// Record a consignment from a blood establishment; its units follow by scan.
#[utoipa::path(post, path = "/api/v1/facilities/{facility_id}/consignments", tag = "stock", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path)), request_body = ConsignmentIn,
    responses((status = 201, body = ConsignmentOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn consignments_create(
    State(s): State<AppState>,
    auth: Auth,
    Path(f): Path<String>,
    RawBody(body): RawBody,
) -> ApiResult<(StatusCode, Json<ConsignmentOut>)> {
    let a = s
        .app
        .facility_actor::<ReceiveStock>(&auth.principal, fid(&f)?)
        .await?;
    let i: ConsignmentIn = parse_json(&body)?;
    let c = s
        .app
        .create_consignment(
            &a,
            ConsignmentInput {
                supplier: i.supplier,
                number: i.number,
                arrived_at: i.arrived_at,
                temperature_c: i.temperature_c,
            },
        )
        .await?;
    Ok((StatusCode::CREATED, Json(c.into())))
}

/// One consignment.
#[utoipa::path(get, path = "/api/v1/facilities/{facility_id}/consignments/{id}", tag = "stock", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)),
    responses((status = 200, body = ConsignmentOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn consignments_get(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
) -> ApiResult<Json<ConsignmentOut>> {
    let a = s
        .app
        .facility_actor::<ReceiveStock>(&auth.principal, fid(&f)?)
        .await?;
    Ok(Json(
        s.app.get_consignment(&a, parse_id(&id)?).await?.into(),
    ))
}

/// A unit of a consignment: the scan as the scanner typed it, or the label typed by hand.
#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct UnitIn {
    /// What the scanner typed: one or several ISBT 128 structures, concatenated.
    pub scan: Option<String>,
    pub din: Option<String>,
    pub check_character: Option<String>,
    /// `O+`, `O-`, `A+`, … `AB-`.
    pub blood_group: Option<String>,
    pub product_code: Option<String>,
    /// `YYYY-MM-DD` (23:59) or `YYYY-MM-DDTHH:MM`, Kyiv local time.
    pub expires_at: Option<String>,
    pub equipment_id: Option<String>,
}

pub(crate) fn body_id(field: &str, v: Option<&str>) -> Result<Uuid, AppError> {
    match v.map(str::trim).filter(|t| !t.is_empty()) {
        None => Err(AppError::invalid(field, "required", "Обов'язкове поле")),
        Some(t) => t
            .parse()
            .map_err(|_| AppError::invalid(field, "not_found", "Не знайдено")),
    }
}

/// Take a unit into stock, stored at once. 422 `check_character`, `unknown_product`, `expired`,
/// `storage_mismatch`, `equipment_not_in_service` (field set); 409 `duplicate_unit`.
#[utoipa::path(post, path = "/api/v1/facilities/{facility_id}/consignments/{id}/units", tag = "stock", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)), request_body = UnitIn,
    responses((status = 201, body = UnitOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`duplicate_unit`"), (status = 422, body = ErrorBody)))]
pub async fn units_receive(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
    RawBody(body): RawBody,
) -> ApiResult<(StatusCode, Json<UnitOut>)> {
    let a = s
        .app
        .facility_actor::<ReceiveStock>(&auth.principal, fid(&f)?)
        .await?;
    let id = parse_id(&id)?;
    let i: UnitIn = parse_json(&body)?;
    let label = match i.scan {
        Some(scan) => LabelInput::Scan(scan),
        None => LabelInput::Typed {
            din: i.din.unwrap_or_default(),
            check_character: i.check_character.unwrap_or_default(),
            blood_group: i.blood_group.unwrap_or_default(),
            product_code: i.product_code.unwrap_or_default(),
            expires_at: i.expires_at.unwrap_or_default(),
        },
    };
    let equipment_id = body_id("equipment_id", i.equipment_id.as_deref())?;
    let u = s
        .app
        .receive_unit(
            &a,
            id,
            ReceiptInput {
                label,
                equipment_id,
            },
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(UnitOut::new(u, s.app.local_now())),
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct StockParams {
    pub equipment_id: Option<Uuid>,
    /// A component class code.
    pub component: Option<String>,
    /// `O`, `A`, `B`, `AB`.
    pub abo: Option<String>,
    /// `pos`, `neg`.
    pub rhd: Option<String>,
    pub expiring_within_hours: Option<i64>,
}

impl StockParams {
    fn query(&self) -> Result<StockQuery, AppError> {
        let component = match self.component.as_deref() {
            None | Some("") => None,
            Some(c) => Some(ComponentClass::parse(c).map_err(|_| {
                AppError::invalid("component", "invalid", "Невідомий клас компонента")
            })?),
        };
        let abo = match self.abo.as_deref() {
            None | Some("") => None,
            Some(x) => Some(
                ekrov_domain::stock::Abo::parse(x)
                    .ok_or_else(|| AppError::invalid("abo", "invalid", "Група: O, A, B або AB"))?
                    .code(),
            ),
        };
        let rhd = match self.rhd.as_deref() {
            None | Some("") => None,
            Some(x) => Some(
                ekrov_domain::stock::RhD::parse(x)
                    .ok_or_else(|| AppError::invalid("rhd", "invalid", "Резус: pos або neg"))?
                    .code(),
            ),
        };
        Ok(StockQuery {
            equipment_id: self.equipment_id,
            component,
            abo,
            rhd,
            expiring_within_hours: self.expiring_within_hours,
        })
    }
}

/// Units on hand, first expiry first (expired ones marked: never offered, waiting to be discarded).
#[utoipa::path(get, path = "/api/v1/facilities/{facility_id}/stock", tag = "stock", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), StockParams),
    responses((status = 200, body = Page<UnitOut>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn stock_list(
    State(s): State<AppState>,
    auth: Auth,
    Path(f): Path<String>,
    Query(q): Query<StockParams>,
) -> ApiResult<Json<Page<UnitOut>>> {
    let a = s
        .app
        .facility_actor::<ViewStock>(&auth.principal, fid(&f)?)
        .await?;
    let now = s.app.local_now();
    let items = s.app.stock(&a, &q.query()?).await?;
    Ok(Json(Page {
        items: items.into_iter().map(|l| UnitOut::listed(l, now)).collect(),
        next_cursor: None,
    }))
}
