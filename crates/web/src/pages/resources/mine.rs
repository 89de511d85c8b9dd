//! «Мої ресурси»: the workplaces and equipment of one's own positions, read-only.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Form, Router,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use ekrov_app::{
    AppError,
    facility::{
        Access,
        grant::{
            ManageAssignments, ManageDepartments, ManageEmployees, ManagePositions, ManageRoles,
            ViewAudit, ViewEmployees, ViewRoles, ViewStructure,
        },
    },
};
use ekrov_domain::{AssignmentKind, DepartmentType, Permission};
use serde::Deserialize;
use uuid::Uuid;

use crate::{
    AppState,
    api::admin::{
        AssignmentIn, DepartmentIn, EmployeeIn, PositionIn, RoleIn, parse_assignment,
        parse_department, parse_employee, parse_position, parse_role,
    },
    i18n::{Lang, Tr},
    pages::{
        administration::shared::*,
        error::{PageError, PageResult},
        form::*,
        viewer::{PageCtx, Viewer, app_error},
    },
};

use crate::api::resources::{
    EquipmentIn, WorkplaceIn, check_due, parse_equipment, parse_workplace,
};
use ekrov_app::{
    facility::grant::{ManageEquipment, ManageWorkplaces, ViewEquipment, ViewOnboarding},
    onboarding::Checklist,
};
use ekrov_domain::{EquipmentKind, EquipmentStatus, plural::plural_uk};

use super::department::{EquipmentRow, WorkplaceRow};
use super::{date_text, rfield, t};

// ───────────── «Мої ресурси» ─────────────

pub struct MyRow {
    pub facility: String,
    pub department: String,
    pub unit: EquipmentRow,
}

#[derive(Template, WebTemplate)]
#[template(path = "my_resources.html")]
struct MyResourcesPage {
    ctx: PageCtx,
    rows: Vec<MyRow>,
}

async fn my_resources_page(State(s): State<AppState>, v: Viewer) -> PageResult {
    let p = v.require()?;
    let items = s.app.my_resources(p).await?;
    let lang = v.lang;
    let today = s.app.today();
    let rows = items
        .into_iter()
        .map(|r| {
            let d = r.equipment.data;
            MyRow {
                facility: r.facility_name,
                department: r.department_name,
                unit: EquipmentRow::new(d, lang, today, String::new()),
            }
        })
        .collect();
    Ok(MyResourcesPage {
        ctx: v.ctx("my_resources"),
        rows,
    }
    .into_response())
}
