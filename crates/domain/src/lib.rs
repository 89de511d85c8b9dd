//! Pure rules of ekrov: national identifiers and their checks, the working-day calendar, Ukrainian
//! plural forms, the blood bank's equipment kinds. No I/O, no async.

pub mod calendar;
pub mod ids;
pub mod permissions;
pub mod plural;
pub mod resources;
pub mod stock;

pub use calendar::Calendar;
pub use ids::*;
pub use permissions::{AssignmentKind, DepartmentType, Permission};
pub use resources::{EquipmentKind, EquipmentStatus, InventoryNumber, Tenths};
