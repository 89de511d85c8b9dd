//! The JSON API under `/api/v1`, described by the OpenAPI document it is built with: a route
//! exists only through `routes!`, so the document covers every route.
//!
//! One module per context, as in every crate: `registration`, `access`, `administration`,
//! `resources`, `onboarding`, `audit`; and `meta`. Handlers turn JSON into the domain's inputs
//! and results into JSON; the rules live below web.

pub mod access;
pub mod administration;
pub mod audit;
pub mod meta;
pub mod onboarding;
pub mod registration;
pub mod resources;
pub mod stock;

mod legacy;
pub(crate) use legacy::{admin, applications, auth};

use base64::Engine;
use ekrov_app::AppError;
use serde::{Deserialize, Serialize};
use utoipa::{
    Modify, OpenApi, ToSchema,
    openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

use crate::{
    AppState,
    error::{ApiError, ErrorBody},
};

#[derive(OpenApi)]
#[openapi(
    info(title = "ekrov API", version = "1", description = "єКров: the national blood-service information system. Errors: `{\"error\": {\"code\", \"message\", \"field\"}}`."),
    modifiers(&BearerAuth),
    components(schemas(ErrorBody)),
    tags((name = "meta"), (name = "operator", description = "СДУ «УЦТК»: applications and facilities"), (name = "links"), (name = "auth", description = "login with КЕП"), (name = "resources", description = "workplaces, equipment, «Мої ресурси», the onboarding checklist, FHIR"), (name = "stock", description = "the blood bank's stock: catalogue, receipt by scan, requests, issue, return, discard, transfusion, trace, journals"))
)]
struct ApiDoc;

struct BearerAuth;
impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        openapi
            .components
            .get_or_insert_with(Default::default)
            .add_security_scheme(
                "bearer",
                SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
            );
    }
}

/// The error answers any route can give, documented once for all of them (and for routes added
/// later): 400 for a malformed body or query string, 413 for a body over the limit, 422 for an
/// invalid value, 503 when the database is unreachable. Applied to the finished document by [`split`].
struct CommonErrors;
impl CommonErrors {
    fn add(openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{ResponseBuilder, content::ContentBuilder, path::ParameterIn};
        let error = |what: &str| {
            ResponseBuilder::new()
                .description(what)
                .content(
                    "application/json",
                    ContentBuilder::new()
                        .schema(Some(utoipa::openapi::Ref::from_schema_name("ErrorBody")))
                        .build(),
                )
                .build()
        };
        for item in openapi.paths.paths.values_mut() {
            for op in [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.delete,
                &mut item.patch,
            ]
            .into_iter()
            .flatten()
            {
                let body = op.request_body.is_some();
                let query = op.parameters.iter().flatten().any(|p| {
                    matches!(p, utoipa::openapi::RefOr::T(p) if p.parameter_in == ParameterIn::Query)
                });
                let r = &mut op.responses.responses;
                let mut put = |code: &str, what: &str| {
                    r.entry(code.to_owned())
                        .or_insert_with(|| error(what).into());
                };
                put(
                    "400",
                    "malformed request: the body is not JSON, or a query parameter does not parse",
                );
                if body {
                    put("413", "the body is over the limit");
                }
                if body || query {
                    put("422", "an invalid value; `field` names it");
                }
                put(
                    "503",
                    "the database is unreachable (`database_unavailable`)",
                );
            }
        }
    }
}

/// The router and its finished OpenAPI document (the routes' own, plus [`CommonErrors`]).
pub fn split() -> (axum::Router<AppState>, utoipa::openapi::OpenApi) {
    let (r, mut doc) = router().split_for_parts();
    CommonErrors::add(&mut doc);
    (r, doc)
}

pub fn router() -> OpenApiRouter<AppState> {
    use access::{auth, links};
    use administration as admin;
    use registration::{applications, facilities};
    use resources::{equipment, workplaces};
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(meta::healthz))
        .routes(routes!(applications::create, applications::list))
        .routes(routes!(applications::get))
        .routes(routes!(applications::register))
        .routes(routes!(applications::reject))
        .routes(routes!(onboarding::list))
        .routes(routes!(facilities::first_login))
        .routes(routes!(facilities::days_off_list, facilities::days_off_add))
        .routes(routes!(facilities::mail_undelivered))
        .routes(routes!(audit::audit))
        .routes(routes!(links::show))
        .routes(routes!(auth::challenge))
        .routes(routes!(auth::kep))
        .routes(routes!(auth::logout))
        .routes(routes!(auth::me))
        .routes(routes!(auth::accept))
        .routes(routes!(admin::permissions))
        .routes(routes!(admin::department_types))
        .routes(routes!(admin::assignment_kinds))
        .routes(routes!(
            admin::roles::roles_list,
            admin::roles::roles_create
        ))
        .routes(routes!(
            admin::roles::roles_get,
            admin::roles::roles_update,
            admin::roles::roles_delete
        ))
        .routes(routes!(
            admin::employees::employees_list,
            admin::employees::employees_create
        ))
        .routes(routes!(
            admin::employees::employees_get,
            admin::employees::employees_update
        ))
        .routes(routes!(
            admin::departments::departments_list,
            admin::departments::departments_create
        ))
        .routes(routes!(
            admin::departments::departments_get,
            admin::departments::departments_update
        ))
        .routes(routes!(
            admin::positions::positions_list,
            admin::positions::positions_create
        ))
        .routes(routes!(
            admin::positions::positions_get,
            admin::positions::positions_update
        ))
        .routes(routes!(
            admin::assignments::assignments_list,
            admin::assignments::assignments_create
        ))
        .routes(routes!(admin::assignments::assignments_invite))
        .routes(routes!(admin::assignments::assignments_end))
        .routes(routes!(audit::facility_audit))
        .routes(routes!(equipment::equipment_kinds))
        .routes(routes!(
            workplaces::workplaces_list,
            workplaces::workplaces_create
        ))
        .routes(routes!(
            workplaces::workplaces_get,
            workplaces::workplaces_update
        ))
        .routes(routes!(
            equipment::equipment_list,
            equipment::equipment_create
        ))
        .routes(routes!(
            equipment::equipment_get,
            equipment::equipment_update
        ))
        .routes(routes!(resources::my_resources))
        .routes(routes!(onboarding::onboarding))
        .routes(routes!(onboarding::fhir))
        .routes(routes!(onboarding::export_csv))
        .routes(routes!(
            stock::receipt::products_list,
            stock::receipt::products_create
        ))
        .routes(routes!(stock::receipt::consignments_create))
        .routes(routes!(stock::receipt::consignments_get))
        .routes(routes!(stock::receipt::units_receive))
        .routes(routes!(stock::receipt::stock_list))
        .routes(routes!(
            stock::units::requests_list,
            stock::units::requests_create
        ))
        .routes(routes!(stock::units::requests_proposal))
        .routes(routes!(stock::units::units_issue))
        .routes(routes!(stock::units::units_return))
        .routes(routes!(stock::units::units_discard))
        .routes(routes!(stock::units::units_transfusion))
        .routes(routes!(stock::units::units_trace))
        .routes(routes!(stock::units::units_by_din))
        .routes(routes!(stock::journals::journal_csv))
        .routes(routes!(stock::journals::haemovigilance))
}

/// A record id from the path: one that does not parse names nothing, so it is 404.
pub fn parse_id(s: &str) -> Result<Uuid, ApiError> {
    s.parse().map_err(|_| ApiError::not_found())
}

/// The facility id of `/api/v1/facilities/{facility_id}/…`.
pub(crate) fn fid(s: &str) -> Result<Uuid, ApiError> {
    parse_id(s)
}

/// A page of a list: `{"items": [...], "next_cursor": "…" | null}`.
#[derive(Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct PageQuery {
    /// Default 50, at most 500.
    pub limit: Option<i64>,
    /// From `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl PageQuery {
    pub fn limit(&self) -> Result<i64, AppError> {
        match self.limit {
            None => Ok(50),
            Some(n) if (1..=500).contains(&n) => Ok(n),
            Some(_) => Err(AppError::invalid(
                "limit",
                "out_of_range",
                "limit має бути від 1 до 500",
            )),
        }
    }
    /// The cursor is opaque to clients: base64 of "created_at|id".
    pub fn cursor(&self) -> Result<Option<(String, Uuid)>, AppError> {
        let Some(c) = &self.cursor else {
            return Ok(None);
        };
        let bad = || AppError::invalid("cursor", "invalid_cursor", "Недійсний курсор сторінки");
        let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(c)
            .map_err(|_| bad())?;
        let s = String::from_utf8(raw).map_err(|_| bad())?;
        let (at, id) = s.split_once('|').ok_or_else(bad)?;
        Ok(Some((at.to_owned(), id.parse().map_err(|_| bad())?)))
    }
}

pub fn make_cursor(created_at: chrono::DateTime<chrono::Utc>, id: Uuid) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(format!("{}|{id}", ekrov_app::cursor_key(created_at)))
}

/// Cut a fetched `limit + 1` rows down to a page, with the cursor when more remain.
pub fn paginate<R, T>(
    mut rows: Vec<R>,
    limit: i64,
    key: impl Fn(&R) -> (chrono::DateTime<chrono::Utc>, Uuid),
    out: impl Fn(R) -> T,
) -> Page<T> {
    let more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    let next_cursor = if more {
        rows.last().map(|r| {
            let (at, id) = key(r);
            make_cursor(at, id)
        })
    } else {
        None
    };
    Page {
        items: rows.into_iter().map(out).collect(),
        next_cursor,
    }
}
