//! The permission catalogue (fixed, in code) and the small national catalogues the facility
//! administration uses: department types and kinds of assignment.
//!
//! Role sets are data (per facility) naming permissions from [`Permission`]; a facility's
//! administrator holds every permission of their facility.

use std::fmt;

/// What a person may do in a facility. The code is the stable, public form (API, stored roles).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Permission {
    RolesManage,
    EmployeesManage,
    DepartmentsManage,
    PositionsManage,
    AssignmentsManage,
    WorkplacesManage,
    EquipmentManage,
    EquipmentView,
    AuditView,
    StockReceive,
    StockIssue,
    StockDiscard,
    StockView,
    TransfusionRecord,
    PatientsView,
}

const CATALOGUE: &[(Permission, &str, &str, &str)] = &[
    (
        Permission::RolesManage,
        "roles.manage",
        "Керування рольовими наборами",
        "Manage role sets",
    ),
    (
        Permission::EmployeesManage,
        "employees.manage",
        "Керування працівниками",
        "Manage employees",
    ),
    (
        Permission::DepartmentsManage,
        "departments.manage",
        "Керування відділами (Реєстр учасників)",
        "Manage departments (participants registry)",
    ),
    (
        Permission::PositionsManage,
        "positions.manage",
        "Керування посадами",
        "Manage positions",
    ),
    (
        Permission::AssignmentsManage,
        "assignments.manage",
        "Призначення працівників на посади та запрошення",
        "Assign employees to positions and invite them",
    ),
    (
        Permission::WorkplacesManage,
        "workplaces.manage",
        "Керування робочими місцями",
        "Manage workplaces",
    ),
    (
        Permission::EquipmentManage,
        "equipment.manage",
        "Керування обладнанням",
        "Manage equipment",
    ),
    (
        Permission::EquipmentView,
        "equipment.view",
        "Перегляд обладнання",
        "View equipment",
    ),
    (
        Permission::AuditView,
        "audit.view",
        "Перегляд журналу аудиту",
        "View the audit log",
    ),
    (
        Permission::StockReceive,
        "stock.receive",
        "Приймання компонентів крові в запас",
        "Receive blood components into stock",
    ),
    (
        Permission::StockIssue,
        "stock.issue",
        "Видача компонентів крові за заявками",
        "Issue blood components against requests",
    ),
    (
        Permission::StockDiscard,
        "stock.discard",
        "Списання (знищення) компонентів крові",
        "Discard blood components",
    ),
    (
        Permission::StockView,
        "stock.view",
        "Перегляд запасу компонентів крові",
        "View blood component stock",
    ),
    (
        Permission::TransfusionRecord,
        "transfusion.record",
        "Внесення заявок і результатів трансфузії",
        "Record requests and transfusion outcomes",
    ),
    (
        Permission::PatientsView,
        "patients.view",
        "Перегляд даних пацієнтів",
        "View patient data",
    ),
];

impl Permission {
    /// Every permission, in catalogue order.
    pub fn all() -> impl Iterator<Item = Permission> {
        CATALOGUE.iter().map(|c| c.0)
    }
    fn entry(self) -> &'static (Permission, &'static str, &'static str, &'static str) {
        CATALOGUE
            .iter()
            .find(|c| c.0 == self)
            .expect("every permission is in the catalogue")
    }
    pub fn code(self) -> &'static str {
        self.entry().1
    }
    pub fn title_uk(self) -> &'static str {
        self.entry().2
    }
    pub fn title_en(self) -> &'static str {
        self.entry().3
    }
    /// None for a code not in the catalogue.
    pub fn parse(code: &str) -> Option<Permission> {
        CATALOGUE.iter().find(|c| c.1 == code).map(|c| c.0)
    }
}

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A department type from the national catalogue. The hospital blood bank (ЛБК) is of type
/// [`DepartmentType::LOGISTICS_INVENTORY_CENTER`]. The other entries are the common divisions of a
/// Ukrainian hospital (*unverified* against the official єКров catalogue).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DepartmentType {
    pub code: &'static str,
    pub title_uk: &'static str,
    pub title_en: &'static str,
}

impl DepartmentType {
    pub const LOGISTICS_INVENTORY_CENTER: &'static str = "logistics_inventory_center";

    pub fn all() -> &'static [DepartmentType] {
        DEPARTMENT_TYPES
    }
    pub fn parse(code: &str) -> Option<DepartmentType> {
        DEPARTMENT_TYPES.iter().copied().find(|t| t.code == code)
    }
}

const DEPARTMENT_TYPES: &[DepartmentType] = &[
    DepartmentType {
        code: "logistics_inventory_center",
        title_uk: "Відділ логістики з центром управління запасами",
        title_en: "Logistics department with an inventory-management centre",
    },
    DepartmentType {
        code: "administration",
        title_uk: "Адміністрація",
        title_en: "Administration",
    },
    DepartmentType {
        code: "clinical",
        title_uk: "Клінічний відділ",
        title_en: "Clinical department",
    },
    DepartmentType {
        code: "surgical",
        title_uk: "Хірургічний відділ",
        title_en: "Surgical department",
    },
    DepartmentType {
        code: "intensive_care",
        title_uk: "Відділ анестезіології та інтенсивної терапії",
        title_en: "Anaesthesiology and intensive care",
    },
    DepartmentType {
        code: "laboratory",
        title_uk: "Лабораторія",
        title_en: "Laboratory",
    },
    DepartmentType {
        code: "pharmacy",
        title_uk: "Аптека",
        title_en: "Pharmacy",
    },
    DepartmentType {
        code: "other",
        title_uk: "Інший підрозділ",
        title_en: "Other unit",
    },
];

/// The kind of an assignment (призначення).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AssignmentKind {
    /// основне місце роботи
    Primary,
    /// сумісництво
    Secondary,
    /// виконання обов'язків
    Acting,
}

impl AssignmentKind {
    pub fn all() -> [AssignmentKind; 3] {
        [
            AssignmentKind::Primary,
            AssignmentKind::Secondary,
            AssignmentKind::Acting,
        ]
    }
    pub fn code(self) -> &'static str {
        match self {
            AssignmentKind::Primary => "primary",
            AssignmentKind::Secondary => "secondary",
            AssignmentKind::Acting => "acting",
        }
    }
    pub fn title_uk(self) -> &'static str {
        match self {
            AssignmentKind::Primary => "Основне місце роботи",
            AssignmentKind::Secondary => "Сумісництво",
            AssignmentKind::Acting => "Виконання обов'язків",
        }
    }
    pub fn title_en(self) -> &'static str {
        match self {
            AssignmentKind::Primary => "Primary job",
            AssignmentKind::Secondary => "Secondary job",
            AssignmentKind::Acting => "Acting",
        }
    }
    pub fn parse(code: &str) -> Option<AssignmentKind> {
        Self::all().into_iter().find(|k| k.code() == code)
    }
}

/// A code of the national classifier of professions ДК 003:2010: four digits, optionally a dot
/// and one or two more (`1229.6`, `2221.2`, `3231`).
pub fn is_classifier_code(s: &str) -> bool {
    let (head, tail) = match s.split_once('.') {
        Some((h, t)) => (h, Some(t)),
        None => (s, None),
    };
    head.len() == 4
        && head.bytes().all(|b| b.is_ascii_digit())
        && tail.is_none_or(|t| (1..=2).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        let all: Vec<_> = Permission::all().collect();
        assert_eq!(all.len(), 15);
        for p in &all {
            assert_eq!(Permission::parse(p.code()), Some(*p));
        }
        assert_eq!(Permission::parse("roles.delete"), None);
        assert!(DepartmentType::parse("logistics_inventory_center").is_some());
        assert_eq!(
            AssignmentKind::parse("acting"),
            Some(AssignmentKind::Acting)
        );
    }

    #[test]
    fn classifier_codes() {
        for ok in ["1229.6", "2221.2", "3231", "1210.12"] {
            assert!(is_classifier_code(ok), "{ok}");
        }
        for bad in ["", "123", "12345", "1229.", "1229.123", "12a9", "1229,6"] {
            assert!(!is_classifier_code(bad), "{bad}");
        }
    }
}
