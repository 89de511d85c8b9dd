//! The product catalogue: component classes, ISBT 128 product codes, the equipment a class may be
//! stored in, shelf life, and a small demo catalogue.
//!
//! ICCBBA's product descriptions are licensed, so the catalogue is local data kept by the national
//! operator; the demo entries below are written for ekrov. Their codes are invented for the demo
//! and may coincide with real ICCBBA codes that mean something else: a real catalogue replaces them.

use chrono::{Months, NaiveDateTime, TimeDelta};
use serde::{Deserialize, Serialize};

use super::coded_enum;
use crate::resources::EquipmentKind;

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

    /// Default shelf life of the class (BLOODBANK.md): red cells in additive solution 42 days,
    /// whole blood in CPDA-1 35 days, platelets 5 days, plasma and cryoprecipitate 36 months.
    /// A catalogue entry may say otherwise (irradiated red cells 28 days, …).
    pub fn default_shelf_life(self) -> ShelfLife {
        match self {
            ComponentClass::RedCells => ShelfLife::Days(42),
            ComponentClass::WholeBlood => ShelfLife::Days(35),
            ComponentClass::Platelets => ShelfLife::Days(5),
            ComponentClass::Plasma | ComponentClass::Cryoprecipitate => ShelfLife::Months(36),
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

/// How long a component keeps from collection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShelfLife {
    Days(u32),
    Months(u32),
}

impl ShelfLife {
    /// The expiry of a unit collected at `collected`; `None` only past the end of the calendar.
    pub fn expiry_from(self, collected: NaiveDateTime) -> Option<NaiveDateTime> {
        match self {
            ShelfLife::Days(d) => collected.checked_add_signed(TimeDelta::days(i64::from(d))),
            ShelfLife::Months(m) => collected.checked_add_months(Months::new(m)),
        }
    }
}

/// Why a product code was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProductCodeError {
    #[error("Код продукту — {expected} символів; отримано {found}")]
    WrongLength { expected: usize, found: usize },
    #[error("Код продукту має починатися з E або F (компонент крові); отримано «{found}»")]
    NotBloodComponent { found: char },
    #[error("Після першої літери код продукту має чотири цифри")]
    BadDescription,
    #[error("Тип донації в коді продукту (6-й символ) — латинська літера або цифра")]
    BadCollectionType,
    #[error("Поділ у коді продукту (7–8-й символи) — «00» або велика й мала латинські літери")]
    BadDivision,
}

impl ProductCodeError {
    pub fn code(&self) -> &'static str {
        match self {
            ProductCodeError::WrongLength { .. } => "wrong_length",
            ProductCodeError::NotBloodComponent { .. } => "not_blood_component",
            ProductCodeError::BadDescription => "bad_description_code",
            ProductCodeError::BadCollectionType => "bad_collection_type",
            ProductCodeError::BadDivision => "bad_division",
        }
    }
}

/// The product description code `αoooo` (α = E or F for blood components): the catalogue's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProductDescriptionCode([u8; 5]);

impl ProductDescriptionCode {
    pub fn parse(s: &str) -> Result<Self, ProductCodeError> {
        let b = s.as_bytes();
        if b.len() != 5 {
            return Err(ProductCodeError::WrongLength {
                expected: 5,
                found: s.chars().count(),
            });
        }
        if !matches!(b[0], b'E' | b'F') {
            let found = s.chars().next().unwrap_or(' ');
            return Err(ProductCodeError::NotBloodComponent { found });
        }
        if !b[1..].iter().all(u8::is_ascii_digit) {
            return Err(ProductCodeError::BadDescription);
        }
        Ok(Self([b[0], b[1], b[2], b[3], b[4]]))
    }
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

/// A full ISBT 128 product code `αoooo t ds`: description, collection type (V = volunteer
/// allogeneic, …), division (`00` undivided). One donation (DIN) yields several products, so a
/// unit is identified by its DIN together with its product code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProductCode([u8; 8]);

impl ProductCode {
    pub fn parse(s: &str) -> Result<Self, ProductCodeError> {
        let c: Vec<char> = s.chars().collect();
        if c.len() != 8 {
            return Err(ProductCodeError::WrongLength {
                expected: 8,
                found: c.len(),
            });
        }
        let head: String = c[..5].iter().collect();
        let desc = ProductDescriptionCode::parse(&head).map_err(|e| match e {
            // Five characters, not five bytes: a non-ASCII one is simply not a digit.
            ProductCodeError::WrongLength { .. } if c[0].is_ascii() => {
                ProductCodeError::BadDescription
            }
            ProductCodeError::WrongLength { .. } => {
                ProductCodeError::NotBloodComponent { found: c[0] }
            }
            e => e,
        })?;
        if !c[5].is_ascii_alphanumeric() {
            return Err(ProductCodeError::BadCollectionType);
        }
        let d_ok = c[6].is_ascii_uppercase() || c[6].is_ascii_digit();
        let s_ok = c[7].is_ascii_lowercase() || c[7].is_ascii_digit();
        if !d_ok || !s_ok {
            return Err(ProductCodeError::BadDivision);
        }
        let mut out = [0u8; 8];
        out[..5].copy_from_slice(&desc.0);
        for i in 5..8 {
            out[i] = c[i] as u8;
        }
        Ok(Self(out))
    }
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
    pub fn description(&self) -> ProductDescriptionCode {
        ProductDescriptionCode([self.0[0], self.0[1], self.0[2], self.0[3], self.0[4]])
    }
    pub fn collection_type(&self) -> char {
        self.0[5] as char
    }
    pub fn division(&self) -> &str {
        &self.as_str()[6..]
    }
}

macro_rules! string_serde {
    ($t:ty) => {
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<$t, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                <$t>::parse(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}
string_serde!(ProductDescriptionCode);
string_serde!(ProductCode);

/// A catalogue entry: what a product code means in this hospital's blood bank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueEntry {
    pub code: ProductDescriptionCode,
    pub name_uk: String,
    pub name_en: String,
    pub class: ComponentClass,
    pub shelf_life: ShelfLife,
}

impl CatalogueEntry {
    pub fn storage_kinds(&self) -> &'static [&'static str] {
        self.class.storage_kinds()
    }
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

/// (code, Ukrainian name, English name, class, shelf life) of the demo catalogue.
const DEMO: &[(&str, &str, &str, ComponentClass, ShelfLife)] = &[
    (
        "E9001",
        "Еритроцити в додатковому розчині, без лейкоцитів",
        "Red cells in additive solution, leucocytes removed",
        ComponentClass::RedCells,
        ShelfLife::Days(42),
    ),
    (
        "E9002",
        "Еритроцити опромінені",
        "Red cells, irradiated",
        ComponentClass::RedCells,
        ShelfLife::Days(28),
    ),
    (
        "E9003",
        "Еритроцити в консерванті CPDA-1",
        "Red cells in CPDA-1",
        ComponentClass::RedCells,
        ShelfLife::Days(35),
    ),
    (
        "E9101",
        "Плазма свіжозаморожена",
        "Fresh frozen plasma",
        ComponentClass::Plasma,
        ShelfLife::Months(36),
    ),
    (
        "E9102",
        "Плазма свіжозаморожена, аферезна",
        "Fresh frozen plasma, apheresis",
        ComponentClass::Plasma,
        ShelfLife::Months(36),
    ),
    (
        "E9201",
        "Тромбоцити, об'єднані з кількох донацій",
        "Platelets pooled from several donations",
        ComponentClass::Platelets,
        ShelfLife::Days(5),
    ),
    (
        "E9202",
        "Тромбоцити аферезні",
        "Apheresis platelets",
        ComponentClass::Platelets,
        ShelfLife::Days(5),
    ),
    (
        "E9203",
        "Тромбоцити аферезні з інактивацією патогенів",
        "Apheresis platelets, pathogen-reduced",
        ComponentClass::Platelets,
        ShelfLife::Days(7),
    ),
    (
        "E9301",
        "Кріопреципітат",
        "Cryoprecipitate",
        ComponentClass::Cryoprecipitate,
        ShelfLife::Months(36),
    ),
    (
        "E9401",
        "Цільна кров у консерванті CPDA-1",
        "Whole blood in CPDA-1",
        ComponentClass::WholeBlood,
        ShelfLife::Days(35),
    ),
];

/// The demo catalogue the seed loads.
pub fn demo_catalogue() -> Vec<CatalogueEntry> {
    DEMO.iter()
        .filter_map(|&(code, uk, en, class, shelf_life)| {
            Some(CatalogueEntry {
                code: ProductDescriptionCode::parse(code).ok()?,
                name_uk: uk.into(),
                name_en: en.into(),
                class,
                shelf_life,
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
            assert!(cat.iter().any(|e| e.class == class), "{class}");
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
            find_product(&cat, &p).unwrap().class,
            ComponentClass::Cryoprecipitate
        );
        let q = ProductCode::parse("E0001V00").unwrap();
        let e = find_product(&cat, &q).unwrap_err();
        assert!(e.to_string().contains("E0001"), "{e}");
    }

    #[test]
    fn shelf_life() {
        let t = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        assert_eq!(
            ShelfLife::Days(42).expiry_from(t("2026-12-01 10:00")),
            Some(t("2027-01-12 10:00"))
        );
        assert_eq!(
            ShelfLife::Months(36).expiry_from(t("2024-02-29 08:00")),
            Some(t("2027-02-28 08:00"))
        );
        assert_eq!(
            ComponentClass::Platelets.default_shelf_life(),
            ShelfLife::Days(5)
        );
    }

    #[test]
    fn product_codes() {
        let p = ProductCode::parse("E9001V00").unwrap();
        assert_eq!(p.description().as_str(), "E9001");
        assert_eq!((p.collection_type(), p.division()), ('V', "00"));
        assert!(ProductCode::parse("E9001VAa").is_ok());
        assert_eq!(
            ProductCode::parse("S9001V00"),
            Err(ProductCodeError::NotBloodComponent { found: 'S' })
        );
        assert_eq!(
            ProductCode::parse("E90X1V00"),
            Err(ProductCodeError::BadDescription)
        );
        assert_eq!(
            ProductCode::parse("E9001-00"),
            Err(ProductCodeError::BadCollectionType)
        );
        assert_eq!(
            ProductCode::parse("E9001VaA"),
            Err(ProductCodeError::BadDivision)
        );
        assert_eq!(
            ProductCode::parse("E9001V0"),
            Err(ProductCodeError::WrongLength {
                expected: 8,
                found: 7
            })
        );
        assert!(
            ProductCode::parse("Е9001V00").is_err(),
            "a Cyrillic Е is not E"
        );
        assert_eq!(
            ProductCode::parse("Е9001V00"),
            Err(ProductCodeError::NotBloodComponent { found: 'Е' })
        );
        assert_eq!(
            ProductCode::parse("E90Ї1V00"),
            Err(ProductCodeError::BadDescription)
        );
        assert_eq!(
            ProductCode::parse("E9001Ї00"),
            Err(ProductCodeError::BadCollectionType)
        );
    }
}
