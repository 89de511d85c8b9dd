//! Facility administration under `/api/v1/facilities/{facility_id}/…` (seed steps 4–9): role
//! sets, employees, departments, positions, assignments and invitations; and the catalogues they
//! draw on (permissions, department types, kinds of assignment).
//!
//! Every facility handler first obtains the proof of `ekrov_app::facility` (401 → 404 → 403) and
//! only then reads the body: a caller who may not act learns nothing about a valid body. The body
//! becomes a domain input (`ekrov_domain::administration::New*`), which does every check.

pub mod assignments;
pub mod departments;
pub mod employees;
pub mod positions;
pub mod roles;

use axum::Json;
use ekrov_domain::{AssignmentKind, DepartmentType, Permission};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct PermissionOut {
    pub code: &'static str,
    pub title_uk: &'static str,
    pub title_en: &'static str,
}

/// The permission catalogue: what role sets are made of.
#[utoipa::path(get, path = "/api/v1/permissions", tag = "catalogues", responses((status = 200, body = Vec<PermissionOut>)))]
pub async fn permissions() -> Json<Vec<PermissionOut>> {
    Json(
        Permission::all()
            .map(|p| PermissionOut {
                code: p.code(),
                title_uk: p.title_uk(),
                title_en: p.title_en(),
            })
            .collect(),
    )
}

#[derive(Serialize, ToSchema)]
pub struct CatalogueOut {
    pub code: &'static str,
    pub title_uk: &'static str,
    pub title_en: &'static str,
}

/// Department types; the hospital blood bank is `logistics_inventory_center`.
#[utoipa::path(get, path = "/api/v1/department-types", tag = "catalogues", responses((status = 200, body = Vec<CatalogueOut>)))]
pub async fn department_types() -> Json<Vec<CatalogueOut>> {
    Json(
        DepartmentType::all()
            .iter()
            .map(|t| CatalogueOut {
                code: t.code,
                title_uk: t.title_uk,
                title_en: t.title_en,
            })
            .collect(),
    )
}

/// Kinds of assignment: `primary` (основне місце роботи), `secondary` (сумісництво), `acting`.
#[utoipa::path(get, path = "/api/v1/assignment-kinds", tag = "catalogues", responses((status = 200, body = Vec<CatalogueOut>)))]
pub async fn assignment_kinds() -> Json<Vec<CatalogueOut>> {
    Json(
        AssignmentKind::all()
            .iter()
            .map(|k| CatalogueOut {
                code: k.code(),
                title_uk: k.title_uk(),
                title_en: k.title_en(),
            })
            .collect(),
    )
}
