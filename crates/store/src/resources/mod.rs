//! Resources: workplaces and equipment of a department.

pub mod equipment;
pub mod workplaces;
