//! The blood bank's resources (seed steps 10–11): inventory numbers of workplaces and equipment,
//! the kinds of equipment with their storage temperatures, and the equipment's status.
//!
//! Temperatures are kept in tenths of a degree Celsius ([`Tenths`]) so that ranges compare
//! exactly and a stored value reads back as typed.

mod inputs;
mod records;
pub use inputs::{
    CHECK_DUE_SOON_DAYS, FIRST_YEAR_MADE, MAX_WORKPLACE_EMPLOYEES, NewEquipment, NewWorkplace,
    check_due,
};
pub use records::{Equipment, EquipmentData, Workplace, WorkplaceData};

use std::fmt;

/// «відсутній»: the value of «Інвентарний номер» when the premises or the item were not
/// inventoried. Accepted in any letter case, also typed with a Latin «i» (a keyboard-layout slip).
pub const INVENTORY_ABSENT: &str = "відсутній";

/// A required inventory number, or [`INVENTORY_ABSENT`] stored in one form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InventoryNumber(String);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InventoryError {
    Empty,
    TooLong,
}

impl InventoryError {
    pub fn code(&self) -> &'static str {
        match self {
            InventoryError::Empty => "required",
            InventoryError::TooLong => "too_long",
        }
    }
    pub fn message_uk(&self) -> &'static str {
        match self {
            InventoryError::Empty => {
                "Вкажіть інвентарний номер; якщо інвентаризацію не проводили, введіть «відсутній»"
            }
            InventoryError::TooLong => "Інвентарний номер — не довше за 64 символи",
        }
    }
}

impl InventoryNumber {
    pub fn parse(s: &str) -> Result<InventoryNumber, InventoryError> {
        let t = s.trim();
        if t.is_empty() {
            return Err(InventoryError::Empty);
        }
        if t.chars().count() > 64 {
            return Err(InventoryError::TooLong);
        }
        let folded: String = t
            .chars()
            .flat_map(char::to_lowercase)
            .map(|c| if c == 'i' { 'і' } else { c })
            .collect();
        if folded == INVENTORY_ABSENT {
            return Ok(InventoryNumber(INVENTORY_ABSENT.to_owned()));
        }
        Ok(InventoryNumber(t.to_owned()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// The item was not inventoried.
    pub fn is_absent(&self) -> bool {
        self.0 == INVENTORY_ABSENT
    }
}

/// A temperature in tenths of a degree Celsius.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Tenths(pub i64);

impl Tenths {
    pub const fn deg(c: i64) -> Tenths {
        Tenths(c * 10)
    }
    /// From a number of degrees as typed (at most one decimal), within −100 … +100 °C.
    pub fn from_celsius(c: f64) -> Option<Tenths> {
        if !c.is_finite() || !(-100.0..=100.0).contains(&c) {
            return None;
        }
        let t = (c * 10.0).round();
        ((c * 10.0 - t).abs() < 1e-6).then_some(Tenths(t as i64))
    }
    pub fn celsius(self) -> f64 {
        self.0 as f64 / 10.0
    }
}

impl fmt::Display for Tenths {
    /// `+4`, `−25`, `+2,5` (Ukrainian decimal comma, a real minus sign).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = match self.0.cmp(&0) {
            std::cmp::Ordering::Less => "−",
            std::cmp::Ordering::Equal => "",
            std::cmp::Ordering::Greater => "+",
        };
        let a = self.0.abs();
        if a % 10 == 0 {
            write!(f, "{sign}{}", a / 10)
        } else {
            write!(f, "{sign}{},{}", a / 10, a % 10)
        }
    }
}

/// A kind of blood-bank equipment, with the storage range it keeps by default and the range a
/// setting must stay within to be plausible for it (DOMAIN.md; EU 2004/33/EC Annex IV, EDQM).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EquipmentKind {
    pub code: &'static str,
    pub title_uk: &'static str,
    pub title_en: &'static str,
    pub default_min: Tenths,
    pub default_max: Tenths,
    /// A range set on such a unit must lie within this one.
    pub plausible_min: Tenths,
    pub plausible_max: Tenths,
    /// Why the plausible range is what it is, said to the person whose setting falls outside it.
    pub rule_uk: &'static str,
}

impl EquipmentKind {
    pub const BLOOD_REFRIGERATOR: &'static str = "blood_refrigerator";
    pub const PLASMA_FREEZER: &'static str = "plasma_freezer";
    pub const PLATELET_AGITATOR: &'static str = "platelet_agitator";

    pub fn all() -> &'static [EquipmentKind] {
        EQUIPMENT_KINDS
    }
    pub fn parse(code: &str) -> Option<EquipmentKind> {
        EQUIPMENT_KINDS.iter().copied().find(|k| k.code == code)
    }

    /// Check a storage range for this kind: min below max, both within what the kind can keep.
    pub fn check_range(&self, min: Tenths, max: Tenths) -> Result<(), RangeError> {
        if min >= max {
            return Err(RangeError::MinNotBelowMax);
        }
        if min < self.plausible_min || max > self.plausible_max {
            return Err(RangeError::Implausible {
                field: if max > self.plausible_max {
                    "temp_max_c"
                } else {
                    "temp_min_c"
                },
                message: format!(
                    "{}: {} … {} °C не підходить — {}",
                    self.title_uk, min, max, self.rule_uk
                ),
            });
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RangeError {
    MinNotBelowMax,
    Implausible {
        field: &'static str,
        message: String,
    },
}

const EQUIPMENT_KINDS: &[EquipmentKind] = &[
    EquipmentKind {
        code: "blood_refrigerator",
        title_uk: "Холодильник для зберігання крові та її компонентів",
        title_en: "Blood bank refrigerator",
        default_min: Tenths::deg(2),
        default_max: Tenths::deg(6),
        plausible_min: Tenths::deg(0),
        plausible_max: Tenths::deg(10),
        rule_uk: "еритроцити й цільну кров зберігають при +2 … +6 °C",
    },
    EquipmentKind {
        code: "plasma_freezer",
        title_uk: "Морозильна камера",
        title_en: "Plasma freezer",
        default_min: Tenths::deg(-40),
        default_max: Tenths::deg(-25),
        plausible_min: Tenths::deg(-90),
        plausible_max: Tenths::deg(-18),
        rule_uk: "свіжозаморожену плазму та кріопреципітат зберігають при −25 °C і нижче (не вище за −18 °C)",
    },
    EquipmentKind {
        code: "platelet_agitator",
        title_uk: "Тромбоміксер (тромбошейкер)",
        title_en: "Platelet agitator",
        default_min: Tenths::deg(20),
        default_max: Tenths::deg(24),
        plausible_min: Tenths::deg(18),
        plausible_max: Tenths::deg(26),
        rule_uk: "тромбоцити зберігають при +20 … +24 °C з постійним помішуванням",
    },
    EquipmentKind {
        code: "platelet_incubator",
        title_uk: "Інкубатор для тромбоцитів",
        title_en: "Platelet incubator",
        default_min: Tenths::deg(20),
        default_max: Tenths::deg(24),
        plausible_min: Tenths::deg(18),
        plausible_max: Tenths::deg(26),
        rule_uk: "тромбоцити зберігають при +20 … +24 °C",
    },
    EquipmentKind {
        code: "plasma_thawer",
        title_uk: "Розморожувач плазми",
        title_en: "Plasma thawer",
        default_min: Tenths(365),
        default_max: Tenths(375),
        plausible_min: Tenths::deg(30),
        plausible_max: Tenths::deg(40),
        rule_uk: "плазму розморожують при +37 °C",
    },
    EquipmentKind {
        code: "transport_container",
        title_uk: "Термоконтейнер",
        title_en: "Transport container",
        default_min: Tenths::deg(1),
        default_max: Tenths::deg(10),
        plausible_min: Tenths::deg(-90),
        plausible_max: Tenths::deg(26),
        rule_uk: "у термоконтейнері перевозять компоненти від заморожених до +20 … +24 °C",
    },
    EquipmentKind {
        code: "other",
        title_uk: "Інше обладнання",
        title_en: "Other equipment",
        default_min: Tenths::deg(-90),
        default_max: Tenths::deg(60),
        plausible_min: Tenths::deg(-100),
        plausible_max: Tenths::deg(100),
        rule_uk: "діапазон поза −100 … +100 °C",
    },
];

/// The state of a piece of equipment. Only equipment in service may hold blood components.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EquipmentStatus {
    InService,
    OutOfOrder,
    Maintenance,
    /// Written off; needs a reason.
    Decommissioned,
}

impl EquipmentStatus {
    pub fn all() -> [EquipmentStatus; 4] {
        use EquipmentStatus::*;
        [InService, OutOfOrder, Maintenance, Decommissioned]
    }
    pub fn code(self) -> &'static str {
        match self {
            EquipmentStatus::InService => "in_service",
            EquipmentStatus::OutOfOrder => "out_of_order",
            EquipmentStatus::Maintenance => "maintenance",
            EquipmentStatus::Decommissioned => "decommissioned",
        }
    }
    pub fn title_uk(self) -> &'static str {
        match self {
            EquipmentStatus::InService => "В експлуатації",
            EquipmentStatus::OutOfOrder => "Несправне",
            EquipmentStatus::Maintenance => "На обслуговуванні",
            EquipmentStatus::Decommissioned => "Списане",
        }
    }
    pub fn title_en(self) -> &'static str {
        match self {
            EquipmentStatus::InService => "In service",
            EquipmentStatus::OutOfOrder => "Out of order",
            EquipmentStatus::Maintenance => "Maintenance",
            EquipmentStatus::Decommissioned => "Decommissioned",
        }
    }
    pub fn parse(code: &str) -> Option<EquipmentStatus> {
        Self::all().into_iter().find(|s| s.code() == code)
    }
    /// A status that must say why.
    pub fn needs_reason(self) -> bool {
        self == EquipmentStatus::Decommissioned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_in_any_case_is_one_form() {
        for typed in [
            "відсутній",
            "Відсутній",
            "ВІДСУТНІЙ",
            "  відсутній ",
            "вiдсутнiй",
            "ВIДСУТНIЙ",
        ] {
            let n = InventoryNumber::parse(typed).unwrap();
            assert_eq!(n.as_str(), "відсутній", "{typed:?}");
            assert!(n.is_absent());
        }
        assert_eq!(
            InventoryNumber::parse(" 101480012 ").unwrap().as_str(),
            "101480012"
        );
        assert!(!InventoryNumber::parse("101480012").unwrap().is_absent());
        assert_eq!(InventoryNumber::parse("  "), Err(InventoryError::Empty));
        assert!(
            InventoryError::Empty.message_uk().contains("«відсутній»"),
            "the message says what to type"
        );
        assert_eq!(
            InventoryNumber::parse(&"1".repeat(65)),
            Err(InventoryError::TooLong)
        );
    }

    #[test]
    fn temperatures() {
        assert_eq!(Tenths::from_celsius(4.0), Some(Tenths(40)));
        assert_eq!(Tenths::from_celsius(-25.5), Some(Tenths(-255)));
        assert_eq!(Tenths::from_celsius(2.25), None);
        assert_eq!(Tenths::from_celsius(f64::NAN), None);
        assert_eq!(Tenths::from_celsius(150.0), None);
        assert_eq!(Tenths(40).to_string(), "+4");
        assert_eq!(Tenths(-255).to_string(), "−25,5");
        assert_eq!(Tenths(0).to_string(), "0");
    }

    #[test]
    fn plausible_ranges_per_kind() {
        let fridge = EquipmentKind::parse("blood_refrigerator").unwrap();
        let freezer = EquipmentKind::parse("plasma_freezer").unwrap();
        for k in EquipmentKind::all() {
            assert_eq!(
                k.check_range(k.default_min, k.default_max),
                Ok(()),
                "{}",
                k.code
            );
        }
        assert_eq!(
            fridge.check_range(Tenths::deg(6), Tenths::deg(2)),
            Err(RangeError::MinNotBelowMax)
        );
        // The example: a plasma freezer at +4 °C is refused with a reason.
        match freezer.check_range(Tenths::deg(2), Tenths::deg(4)) {
            Err(RangeError::Implausible { field, message }) => {
                assert_eq!(field, "temp_max_c");
                assert!(message.contains("−25 °C"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        assert!(
            fridge
                .check_range(Tenths::deg(-30), Tenths::deg(-20))
                .is_err()
        );
        let codes: Vec<_> = EquipmentKind::all().iter().map(|k| k.code).collect();
        for c in [
            "blood_refrigerator",
            "plasma_freezer",
            "platelet_agitator",
            "platelet_incubator",
            "plasma_thawer",
            "transport_container",
            "other",
        ] {
            assert!(codes.contains(&c), "{c}");
        }
    }

    #[test]
    fn statuses() {
        for s in EquipmentStatus::all() {
            assert_eq!(EquipmentStatus::parse(s.code()), Some(s));
        }
        assert!(EquipmentStatus::Decommissioned.needs_reason());
        assert!(!EquipmentStatus::Maintenance.needs_reason());
    }
}
