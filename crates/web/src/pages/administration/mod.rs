//! The facility administrator's pages (seed steps 4–9), with the seed's labels verbatim:
//! «Ролі користувачів», «Реєстр учасників», «Організаційна структура», «Додати посаду»,
//! «Призначити працівника», «Зберегти». Every form answers errors beside the field and keeps what
//! was typed; each page goes through the same use cases (and so the same checks) as the API.
//!
//! One file per context of administration; `shared` holds what the pages have in common.

use axum::{
    Router,
    routing::{get, post},
};

use crate::AppState;

pub(crate) mod shared;

mod assignments;
mod departments;
mod employees;
mod forms;
mod positions;
mod roles;
pub(crate) mod structure;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/facility", get(shared::facility_home))
        .route(
            "/facility/{fid}/roles",
            get(roles::roles_page).post(roles::roles_create),
        )
        .route("/facility/{fid}/roles/{id}", post(roles::roles_update))
        .route(
            "/facility/{fid}/employees",
            get(employees::employees_page).post(employees::employees_create),
        )
        .route(
            "/facility/{fid}/employees/{id}",
            post(employees::employees_update),
        )
        .route(
            "/facility/{fid}/registry",
            get(structure::registry_page).post(departments::departments_create),
        )
        .route("/facility/{fid}/structure", get(structure::structure_page))
        .route(
            "/facility/{fid}/departments/{id}/positions",
            post(positions::positions_create),
        )
        .route(
            "/facility/{fid}/positions/{id}/assignments",
            post(assignments::assignments_create),
        )
        .route(
            "/facility/{fid}/assignments/{id}/invitation",
            post(assignments::assignment_reinvite),
        )
        .route(
            "/facility/{fid}/assignments/{id}/end",
            post(assignments::assignment_end),
        )
}
