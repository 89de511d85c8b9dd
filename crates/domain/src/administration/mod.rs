//! Administration: what a facility's administrator sets up — role sets, employees, departments,
//! positions and assignments — as records and as typed inputs.

pub mod assignments;
pub mod departments;
pub mod employees;
pub mod permissions;
pub mod positions;
pub mod roles;

pub use assignments::{Assignment, AssignmentData, AssignmentStatus, Held};
pub use departments::{Department, DepartmentData};
pub use employees::{Employee, EmployeeData};
pub use positions::{Position, PositionData};
pub use roles::Role;
