//! Administration: what a facility's administrator sets up — role sets, employees, departments,
//! positions and assignments — as records and as typed inputs.

pub mod assignments;
pub mod departments;
pub mod employees;
pub mod permissions;
pub mod positions;
pub mod roles;

pub use assignments::{Assignment, AssignmentData, AssignmentStatus, Held, NewAssignment};
pub use departments::{Department, DepartmentData, NewDepartment};
pub use employees::{Employee, EmployeeData, NewEmployee};
pub use positions::{NewPosition, Position, PositionData, StaffUnits};
pub use roles::{NewRole, Role, RoleData};
