//! Administration: role sets, employees, departments, positions, assignments.

pub mod assignments;
pub mod departments;
pub mod employees;
pub mod positions;
pub mod roles;
