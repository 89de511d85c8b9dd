//! The blood bank's resources (seed steps 10–11) under `/api/v1/facilities/{facility_id}/…`:
//! workplaces and equipment (the department's «Ресурси» tab); and «Мої ресурси» at
//! `/api/v1/me/resources`.
//!
//! As in `administration`, the permission proof comes first, the body second; the body becomes a
//! domain input (`ekrov_domain::resources::New*`), which does every check.

pub mod equipment;
pub mod workplaces;

// The pages' old imports from this path (see `super::legacy`).
pub(crate) use super::legacy::resources::{parse_equipment, parse_workplace};
pub(crate) use equipment::EquipmentIn;
pub(crate) use workplaces::WorkplaceIn;

use axum::{Json, extract::State};
use chrono::NaiveDate;
use ekrov_app::resources::MyResource;
pub use ekrov_domain::resources::check_due;
use equipment::EquipmentOut;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    AppState,
    error::{ApiResult, ErrorBody},
    extract::Auth,
};

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
