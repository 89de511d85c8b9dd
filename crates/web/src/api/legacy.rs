//! The paths the pages imported before the API was split by context, kept so that they still
//! compile while the pages are split at the same time. Each item says its new home; the lead
//! removes this file when the pages call the domain's inputs directly.

use ekrov_app::AppError;
use ekrov_domain::fields::FieldError;

fn app_errors(e: Vec<FieldError>) -> Vec<AppError> {
    e.into_iter().map(AppError::from).collect()
}

/// Was `crate::api::admin`.
pub(crate) mod admin {
    use super::app_errors;
    use ekrov_app::{AppError, administration::RoleInput};
    use ekrov_domain::administration::{
        AssignmentData, DepartmentData, EmployeeData, NewAssignment, NewDepartment, NewEmployee,
        NewPosition, NewRole, PositionData,
    };

    pub(crate) use crate::api::administration::{
        assignments::AssignmentIn, departments::DepartmentIn, employees::EmployeeIn,
        positions::PositionIn, roles::RoleIn,
    };

    /// Now `NewRole::from(&input).parse()`.
    pub(crate) fn parse_role(r: &RoleIn) -> Result<RoleInput, Vec<AppError>> {
        NewRole::from(r).parse().map_err(app_errors)
    }
    /// Now `NewEmployee::from(&input).parse()`.
    pub(crate) fn parse_employee(e: &EmployeeIn) -> Result<EmployeeData, Vec<AppError>> {
        NewEmployee::from(e).parse().map_err(app_errors)
    }
    /// Now `NewDepartment::from(&input).parse()`.
    pub(crate) fn parse_department(d: &DepartmentIn) -> Result<DepartmentData, Vec<AppError>> {
        NewDepartment::from(d).parse().map_err(app_errors)
    }
    /// Now `NewPosition::from(&input).parse()`.
    pub(crate) fn parse_position(p: &PositionIn) -> Result<PositionData, Vec<AppError>> {
        NewPosition::from(p).parse().map_err(app_errors)
    }
    /// Now `NewAssignment::from(&input).parse()`.
    pub(crate) fn parse_assignment(a: &AssignmentIn) -> Result<AssignmentData, Vec<AppError>> {
        NewAssignment::from(a).parse().map_err(app_errors)
    }
}

/// Was `crate::api::applications`.
pub(crate) mod applications {
    use super::app_errors;
    use chrono::NaiveDate;
    use ekrov_app::AppError;
    use ekrov_domain::registration::{FacilityData, NewApplication};

    pub(crate) use crate::api::registration::applications::{AdminIn, ApplicationIn};

    /// Now `NewApplication::from(&input).parse(app.today())`. Without a `today` here, the date
    /// is left to `App::record_application`, which checks the same rule.
    pub(crate) fn parse(a: &ApplicationIn) -> Result<(FacilityData, NaiveDate), Vec<AppError>> {
        NewApplication::from(a)
            .parse(NaiveDate::MAX)
            .map_err(app_errors)
    }
}

/// Was `crate::api::auth`.
pub(crate) mod auth {
    pub(crate) use crate::api::access::auth::{SignedIn, login_out};
}

/// Was `crate::api::resources::{parse_workplace, parse_equipment}` (the path is the same).
pub(crate) mod resources {
    use super::app_errors;
    use chrono::NaiveDate;
    use ekrov_app::AppError;
    use ekrov_domain::resources::{EquipmentData, NewEquipment, NewWorkplace, WorkplaceData};

    use crate::api::resources::{equipment::EquipmentIn, workplaces::WorkplaceIn};

    /// Now `NewWorkplace::from(&input).parse()`.
    pub(crate) fn parse_workplace(w: &WorkplaceIn) -> Result<WorkplaceData, Vec<AppError>> {
        NewWorkplace::from(w).parse().map_err(app_errors)
    }
    /// Now `NewEquipment::from(&input).parse(today)`.
    pub(crate) fn parse_equipment(
        e: &EquipmentIn,
        today: NaiveDate,
    ) -> Result<EquipmentData, Vec<AppError>> {
        NewEquipment::from(e).parse(today).map_err(app_errors)
    }
}
