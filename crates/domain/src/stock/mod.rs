//! The hospital blood bank's stock (issue 12), as pure rules: unit labels (ISBT 128 and suppliers'
//! own numbers), the product catalogue, ABO/RhD compatibility, the unit's status machine and the
//! lists of reasons and outcomes, the clinical request, the return rule, first-expiry-first-out.
//!
//! Facts and sources: `shared/BLOODBANK.md`. No I/O: the store and the use cases build on these.

pub mod catalogue;
pub mod compatibility;
pub mod din;
pub mod events;
pub mod fefo;
pub mod haemovigilance;
pub mod isbt128;
pub mod product;
pub mod records;
pub mod request;
pub mod supplier;

pub use catalogue::{CatalogueEntry, ComponentClass, ProductCode, ProductDescriptionCode};
pub use compatibility::{Abo, AboRhD, Match, RhD};
pub use din::{Din, DinError, DinFlags};
pub use events::{EventKind, UnitStatus};
pub use isbt128::{LabelAssembler, ScanError, UnitLabel};
pub use request::{ClinicalRequest, ClinicalRequestInput, Patient, PatientInput, Urgency};
pub use supplier::{DonationNumberPattern, PatternError};

/// Free text is checked at the domain's shared level (every context refuses the same characters).
pub use crate::fields::FieldError;
pub use crate::text;

/// The value, or `None` with its error kept: for parsers that report every field at once.
pub(crate) fn take<T>(errors: &mut Vec<FieldError>, r: Result<T, FieldError>) -> Option<T> {
    r.map_err(|e| errors.push(e)).ok()
}

/// A checked text field, its error named by the field.
pub(crate) fn text(
    field: &'static str,
    s: &str,
    rule: text::TextRule,
) -> Result<String, FieldError> {
    text::clean_text(s, rule).map_err(|e| FieldError::new(field, e.code(), e.message_uk()))
}

/// A code that is not one of an enum's stable codes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Невідоме значення «{code}» ({what})")]
pub struct UnknownCode {
    pub what: &'static str,
    pub code: String,
}

/// An enum with a stable snake_case code (API, database) and Ukrainian and English labels:
/// `all()`, `code()`, `title_uk()`, `title_en()`, `parse(code)`, `Display` (the code) and serde
/// through the code. One table per enum, so a variant cannot lack a label.
macro_rules! coded_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident ($what:literal) {
            $( $(#[$vmeta:meta])* $variant:ident = ($code:literal, $uk:literal, $en:literal), )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name { $( $(#[$vmeta])* $variant, )+ }

        impl $name {
            const TABLE: &'static [($name, &'static str, &'static str, &'static str)] =
                &[ $( ($name::$variant, $code, $uk, $en), )+ ];

            /// Every value, in the order of the list.
            pub fn all() -> impl Iterator<Item = $name> {
                Self::TABLE.iter().map(|e| e.0)
            }
            fn entry(self) -> &'static ($name, &'static str, &'static str, &'static str) {
                &Self::TABLE[self as usize]
            }
            /// Stable snake_case code for the API and the database.
            pub fn code(self) -> &'static str {
                self.entry().1
            }
            pub fn title_uk(self) -> &'static str {
                self.entry().2
            }
            pub fn title_en(self) -> &'static str {
                self.entry().3
            }
            /// The value with this code; an unknown code is a typed error.
            pub fn parse(code: &str) -> Result<$name, $crate::stock::UnknownCode> {
                Self::TABLE
                    .iter()
                    .find(|e| e.1 == code)
                    .map(|e| e.0)
                    .ok_or_else(|| $crate::stock::UnknownCode {
                        what: $what,
                        code: code.chars().take(64).collect(),
                    })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<$name, D::Error> {
                let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                $name::parse(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use coded_enum;

#[cfg(test)]
mod tests {
    coded_enum! {
        enum Demo ("демо") {
            One = ("one", "Один", "One"),
            Two = ("two", "Два", "Two"),
        }
    }

    #[test]
    fn coded_enum_round_trips_and_refuses_unknown_codes() {
        for d in Demo::all() {
            assert_eq!(Demo::parse(d.code()), Ok(d));
            let json = serde_json::to_string(&d).unwrap();
            assert_eq!(serde_json::from_str::<Demo>(&json).unwrap(), d);
        }
        assert_eq!((Demo::Two.title_uk(), Demo::Two.title_en()), ("Два", "Two"));
        let e = Demo::parse("three").unwrap_err();
        assert_eq!(e.to_string(), "Невідоме значення «three» (демо)");
        assert!(serde_json::from_str::<Demo>("\"One\"").is_err());
    }
}
