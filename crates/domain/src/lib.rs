//! Pure rules of ekrov: national identifiers and their checks, the working-day calendar, Ukrainian
//! plural forms, and — one module per context, with the same names in every crate — the records and
//! typed inputs of registration, access, administration, resources, onboarding, audit and mail.
//! No I/O, no async.

pub mod calendar;
pub mod fields;
pub mod ids;
pub mod plural;
pub mod text;

pub mod access;
pub mod administration;
pub mod audit;
pub mod mail;
pub mod onboarding;
pub mod registration;
pub mod resources;
pub mod stock;

pub use administration::permissions::{self, AssignmentKind, DepartmentType, Permission};
pub use calendar::Calendar;
pub use ids::*;
pub use resources::{EquipmentKind, EquipmentStatus, InventoryNumber, Tenths};
