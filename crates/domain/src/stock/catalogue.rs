//! The product catalogue: component classes, ISBT 128 product codes, the equipment a class may be
//! stored in, shelf life, and a small demo catalogue.
//!
//! ICCBBA's product descriptions are licensed, so the catalogue is local data kept by the national
//! operator; the demo entries below are written for ekrov. Their codes are invented for the demo
//! and may coincide with real ICCBBA codes that mean something else: a real catalogue replaces them.

use chrono::{NaiveDateTime, TimeDelta};
use serde::Deserialize;
use serde::Serialize;

use super::text::TextRule;
use super::{FieldError, coded_enum, take, text};
use crate::resources::EquipmentKind;

pub use super::product::{ProductCode, ProductCodeError, ProductDescriptionCode};

coded_enum! {
    /// The class of a blood component: what decides storage, compatibility and warnings.
    pub enum ComponentClass ("клас компонента крові") {
        RedCells = ("red_cells", "Еритроцити", "Red cells"),
        Plasma = ("plasma", "Плазма", "Plasma"),
        Platelets = ("platelets", "Тромбоцити", "Platelets"),
        Cryoprecipitate = ("cryoprecipitate", "Кріопреципітат", "Cryoprecipitate"),
        WholeBlood = ("whole_blood", "Цільна кров", "Whole blood"),
    }
}

impl ComponentClass {
    /// Codes of the [`EquipmentKind`]s a unit of this class may be stored in (DOMAIN.md: red cells
    /// and whole blood in a blood refrigerator, plasma and cryoprecipitate in a plasma freezer,
    /// platelets agitated at +20 … +24 °C). A transport container or a thawer is not storage.
    pub fn storage_kinds(self) -> &'static [&'static str] {
        match self {
            ComponentClass::RedCells | ComponentClass::WholeBlood => &["blood_refrigerator"],
            ComponentClass::Plasma | ComponentClass::Cryoprecipitate => &["plasma_freezer"],
            ComponentClass::Platelets => &["platelet_agitator", "platelet_incubator"],
        }
    }

    pub fn may_be_stored_in(self, kind: &EquipmentKind) -> bool {
        self.storage_kinds().contains(&kind.code)
    }

    /// Default shelf life of the class in days (BLOODBANK.md): red cells in additive solution 42,
    /// whole blood in CPDA-1 35, platelets 5, plasma and cryoprecipitate 36 months taken as 1095
    /// days (never longer than 36 calendar months). A catalogue entry may say otherwise.
    pub fn default_shelf_life_days(self) -> u32 {
        match self {
            ComponentClass::RedCells => 42,
            ComponentClass::WholeBlood => 35,
            ComponentClass::Platelets => 5,
            ComponentClass::Plasma | ComponentClass::Cryoprecipitate => 1095,
        }
    }

    /// How long before expiry a unit is marked as expiring soon, by default. A setting: these are
    /// defaults chosen so that a warning leaves time to use the unit (about a sixth of the red
    /// cells' life, a day of the platelets' five, a month of the plasma's three years).
    pub fn default_expiring_soon(self) -> TimeDelta {
        match self {
            ComponentClass::RedCells | ComponentClass::WholeBlood => TimeDelta::days(7),
            ComponentClass::Platelets => TimeDelta::days(1),
            ComponentClass::Plasma | ComponentClass::Cryoprecipitate => TimeDelta::days(30),
        }
    }
}

/// A catalogue entry: what a product code means (API.md's product: code, title, component, the
/// equipment kinds it may be stored in, shelf life in days).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CatalogueEntry {
    pub code: ProductDescriptionCode,
    pub title_uk: String,
    pub title_en: String,
    pub component: ComponentClass,
    /// Codes of [`EquipmentKind`]s; always a non-empty subset of the class's storage kinds.
    pub equipment_kinds: Vec<&'static str>,
    pub shelf_life_days: u32,
}

impl CatalogueEntry {
    pub fn may_be_stored_in(&self, kind: &EquipmentKind) -> bool {
        self.equipment_kinds.contains(&kind.code)
    }

    /// The expiry of a unit collected at `collected`; `None` only past the end of the calendar.
    pub fn expiry_from(&self, collected: NaiveDateTime) -> Option<NaiveDateTime> {
        collected.checked_add_signed(TimeDelta::days(i64::from(self.shelf_life_days)))
    }

    /// Check a product the national operator enters; every field error at once.
    pub fn parse(input: &CatalogueInput) -> Result<CatalogueEntry, Vec<FieldError>> {
        let mut errors = Vec::new();
        let e = &mut errors;
        let code = take(
            e,
            ProductDescriptionCode::parse(input.code.trim())
                .map_err(|x| FieldError::new("code", x.code(), x.to_string())),
        );
        let title_uk = take(e, text("title_uk", &input.title_uk, TextRule::line(200)));
        let title_en = take(
            e,
            text("title_en", &input.title_en, TextRule::line(200).optional()),
        );
        let component = take(
            e,
            ComponentClass::parse(input.component.trim()).map_err(|_| {
                FieldError::new("component", "invalid", "Оберіть клас компонента зі списку")
            }),
        );
        let kinds = component.and_then(|c| take(e, equipment_kinds(c, &input.equipment_kinds)));
        let days = take(
            e,
            match input.shelf_life_days {
                Some(d @ 1..=MAX_SHELF_LIFE_DAYS) => Ok(d as u32),
                _ => Err(FieldError::new(
                    "shelf_life_days",
                    "invalid",
                    format!("Строк придатності — ціле число днів від 1 до {MAX_SHELF_LIFE_DAYS}"),
                )),
            },
        );
        match (code, title_uk, title_en, component, kinds, days) {
            (
                Some(code),
                Some(title_uk),
                Some(title_en),
                Some(component),
                Some(kinds),
                Some(days),
            ) => Ok(CatalogueEntry {
                code,
                title_uk,
                title_en,
                component,
                equipment_kinds: kinds,
                shelf_life_days: days,
            }),
            _ => Err(errors),
        }
    }
}

/// Longest shelf life accepted: frozen red cells keep up to 30 years (BLOODBANK.md).
pub const MAX_SHELF_LIFE_DAYS: i64 = 11_000;

/// A product as the operator types it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct CatalogueInput {
    pub code: String,
    pub title_uk: String,
    pub title_en: String,
    pub component: String,
    /// Empty: the class's storage kinds.
    pub equipment_kinds: Vec<String>,
    pub shelf_life_days: Option<i64>,
}

/// The chosen equipment kinds, each known and fit for the class; none chosen means all that fit.
fn equipment_kinds(
    class: ComponentClass,
    chosen: &[String],
) -> Result<Vec<&'static str>, FieldError> {
    if chosen.is_empty() {
        return Ok(class.storage_kinds().to_vec());
    }
    let mut out: Vec<&'static str> = Vec::new();
    for c in chosen {
        let Some(&kind) = class.storage_kinds().iter().find(|k| **k == c.trim()) else {
            let known = EquipmentKind::parse(c.trim()).is_some();
            return Err(FieldError::new(
                "equipment_kinds",
                if known { "storage_mismatch" } else { "invalid" },
                if known {
                    format!(
                        "{} не зберігають у такому обладнанні: {}",
                        class.title_uk(),
                        c.trim()
                    )
                } else {
                    format!(
                        "Невідомий вид обладнання «{}»",
                        c.trim().chars().take(64).collect::<String>()
                    )
                },
            ));
        };
        if !out.contains(&kind) {
            out.push(kind);
        }
    }
    Ok(out)
}

/// A scanned product code that the catalogue does not list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "Продукту з кодом {code} немає в каталозі: одиницю не прийнято; зверніться до національного оператора"
)]
pub struct UnknownProduct {
    pub code: ProductDescriptionCode,
}

/// The catalogue entry for a unit's product code (by its description part).
pub fn find_product<'a>(
    catalogue: &'a [CatalogueEntry],
    code: &ProductCode,
) -> Result<&'a CatalogueEntry, UnknownProduct> {
    let d = code.description();
    catalogue
        .iter()
        .find(|e| e.code == d)
        .ok_or(UnknownProduct { code: d })
}

/// (code, Ukrainian title, English title, class, shelf life in days) of the demo catalogue.
const DEMO: &[(&str, &str, &str, ComponentClass, u32)] = &[
    (
        "E9001",
        "Еритроцити в додатковому розчині, без лейкоцитів",
        "Red cells in additive solution, leucocytes removed",
        ComponentClass::RedCells,
        42,
    ),
    (
        "E9002",
        "Еритроцити опромінені",
        "Red cells, irradiated",
        ComponentClass::RedCells,
        28,
    ),
    (
        "E9003",
        "Еритроцити в консерванті CPDA-1",
        "Red cells in CPDA-1",
        ComponentClass::RedCells,
        35,
    ),
    (
        "E9101",
        "Плазма свіжозаморожена",
        "Fresh frozen plasma",
        ComponentClass::Plasma,
        1095,
    ),
    (
        "E9102",
        "Плазма свіжозаморожена, аферезна",
        "Fresh frozen plasma, apheresis",
        ComponentClass::Plasma,
        1095,
    ),
    (
        "E9201",
        "Тромбоцити, об'єднані з кількох донацій",
        "Platelets pooled from several donations",
        ComponentClass::Platelets,
        5,
    ),
    (
        "E9202",
        "Тромбоцити аферезні",
        "Apheresis platelets",
        ComponentClass::Platelets,
        5,
    ),
    (
        "E9203",
        "Тромбоцити аферезні з інактивацією патогенів",
        "Apheresis platelets, pathogen-reduced",
        ComponentClass::Platelets,
        7,
    ),
    (
        "E9301",
        "Кріопреципітат",
        "Cryoprecipitate",
        ComponentClass::Cryoprecipitate,
        1095,
    ),
    (
        "E9401",
        "Цільна кров у консерванті CPDA-1",
        "Whole blood in CPDA-1",
        ComponentClass::WholeBlood,
        35,
    ),
];

/// The demo catalogue the seed loads.
pub fn demo_catalogue() -> Vec<CatalogueEntry> {
    DEMO.iter()
        .filter_map(|&(code, uk, en, class, days)| {
            Some(CatalogueEntry {
                code: ProductDescriptionCode::parse(code).ok()?,
                title_uk: uk.into(),
                title_en: en.into(),
                component: class,
                equipment_kinds: class.storage_kinds().to_vec(),
                shelf_life_days: days,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resources::Tenths;

    #[test]
    fn demo_catalogue_is_complete_and_unique() {
        let cat = demo_catalogue();
        assert_eq!(cat.len(), DEMO.len(), "every demo code parses");
        let mut codes: Vec<_> = cat.iter().map(|e| e.code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), cat.len());
        for class in ComponentClass::all() {
            assert!(cat.iter().any(|e| e.component == class), "{class}");
        }
    }

    /// Each class's storage kinds exist and keep, by default, the class's range of BLOODBANK.md.
    #[test]
    fn storage_kinds_keep_the_class_temperature() {
        let range = |c| match c {
            ComponentClass::RedCells | ComponentClass::WholeBlood => {
                (Tenths::deg(2), Tenths::deg(6))
            }
            ComponentClass::Platelets => (Tenths::deg(20), Tenths::deg(24)),
            ComponentClass::Plasma | ComponentClass::Cryoprecipitate => {
                (Tenths::deg(-100), Tenths::deg(-25))
            }
        };
        for class in ComponentClass::all() {
            let (lo, hi) = range(class);
            for code in class.storage_kinds() {
                let kind = EquipmentKind::parse(code).expect("an existing equipment kind");
                assert!(class.may_be_stored_in(&kind));
                assert!(
                    kind.default_min >= lo && kind.default_max <= hi,
                    "{class} in {code}"
                );
            }
            for kind in EquipmentKind::all() {
                if kind.default_min < lo || kind.default_max > hi {
                    assert!(
                        !class.may_be_stored_in(kind),
                        "{class} must not go in {}",
                        kind.code
                    );
                }
            }
        }
        let thawer = EquipmentKind::parse("plasma_thawer").unwrap();
        assert!(ComponentClass::all().all(|c| !c.may_be_stored_in(&thawer)));
    }

    #[test]
    fn lookup() {
        let cat = demo_catalogue();
        let p = ProductCode::parse("E9301V00").unwrap();
        assert_eq!(
            find_product(&cat, &p).unwrap().component,
            ComponentClass::Cryoprecipitate
        );
        let q = ProductCode::parse("E0001V00").unwrap();
        let e = find_product(&cat, &q).unwrap_err();
        assert!(e.to_string().contains("E0001"), "{e}");
    }

    #[test]
    fn shelf_life() {
        let t = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        let cat = demo_catalogue();
        let red = &cat[0];
        assert_eq!(
            red.expiry_from(t("2026-12-01 10:00")),
            Some(t("2027-01-12 10:00"))
        );
        // 1095 days from a leap day stay within 36 calendar months.
        let plasma = cat
            .iter()
            .find(|e| e.component == ComponentClass::Plasma)
            .unwrap();
        let exp = plasma.expiry_from(t("2024-02-29 08:00")).unwrap();
        assert_eq!(exp, t("2027-02-28 08:00"));
        assert_eq!(ComponentClass::Platelets.default_shelf_life_days(), 5);
    }

    fn input() -> CatalogueInput {
        CatalogueInput {
            code: "E9501".into(),
            title_uk: "Тромбоцити в добавковому розчині".into(),
            title_en: String::new(),
            component: "platelets".into(),
            equipment_kinds: vec!["platelet_agitator".into()],
            shelf_life_days: Some(5),
        }
    }

    #[test]
    fn an_operator_entry_parses() {
        let e = CatalogueEntry::parse(&input()).unwrap();
        assert_eq!(e.equipment_kinds, ["platelet_agitator"]);
        let incubator = EquipmentKind::parse("platelet_incubator").unwrap();
        assert!(
            !e.may_be_stored_in(&incubator),
            "the entry narrows the class's kinds"
        );
        let all = CatalogueEntry::parse(&CatalogueInput {
            equipment_kinds: vec![],
            ..input()
        })
        .unwrap();
        assert_eq!(
            all.equipment_kinds,
            ComponentClass::Platelets.storage_kinds()
        );
    }

    #[test]
    fn an_operator_entry_gets_every_error_at_once() {
        let bad = CatalogueInput {
            code: "X1".into(),
            title_uk: "Тромбоцити\u{202E}".into(),
            title_en: "ok".into(),
            component: "platelets".into(),
            equipment_kinds: vec!["blood_refrigerator".into()],
            shelf_life_days: Some(0),
        };
        let e = CatalogueEntry::parse(&bad).unwrap_err();
        let got: Vec<_> = e.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            got,
            [
                ("code", "wrong_length"),
                ("title_uk", "forbidden_character"),
                ("equipment_kinds", "storage_mismatch"),
                ("shelf_life_days", "invalid"),
            ]
        );
        let unknown = CatalogueInput {
            equipment_kinds: vec!["shelf".into()],
            ..input()
        };
        assert_eq!(
            CatalogueEntry::parse(&unknown).unwrap_err()[0].code,
            "invalid"
        );
        let none = CatalogueInput {
            shelf_life_days: None,
            ..input()
        };
        assert_eq!(
            CatalogueEntry::parse(&none).unwrap_err()[0].field,
            "shelf_life_days"
        );
    }
}
