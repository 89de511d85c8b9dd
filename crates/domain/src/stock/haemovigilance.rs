//! A transfusion reaction as the ward records it, and the haemovigilance report («гемонагляд»)
//! the national operator sees: the donation and the supplier, never the patient.
//!
//! The report has no field for the patient; the one way a name could still reach the operator is
//! the free-text description, so a description that names the patient is refused.

use serde::{Deserialize, Serialize};

use super::FieldError;
use super::catalogue::ComponentClass;
use super::events::{ReactionType, Severity};
use super::text::{TextRule, clean_text};

/// The reaction as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct ReactionInput {
    pub reaction_type: String,
    pub severity: String,
    pub description: String,
}

/// A checked reaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reaction {
    pub reaction_type: ReactionType,
    pub severity: Severity,
    pub description: String,
}

impl Reaction {
    /// Check every field; all errors at once. `patient_name` is the recipient's name from the
    /// request: the description must not contain any word of it (three letters or longer).
    pub fn parse(input: &ReactionInput, patient_name: &str) -> Result<Reaction, Vec<FieldError>> {
        let mut errors = Vec::new();
        let kind = ReactionType::parse(input.reaction_type.trim()).map_err(|_| {
            FieldError::new("reaction_type", "invalid", "Оберіть тип реакції зі списку")
        });
        let severity = Severity::parse(input.severity.trim()).map_err(|_| {
            FieldError::new("severity", "invalid", "Оберіть тяжкість реакції зі списку")
        });
        let description = clean_text(&input.description, TextRule::paragraphs(4000))
            .map_err(|e| FieldError::new("description", e.code(), e.message_uk()))
            .and_then(|d| match names_patient(&d, patient_name) {
                true => Err(FieldError::new(
                    "description",
                    "contains_patient_name",
                    "Опис потрапить до національного оператора: не вказуйте в ньому імені пацієнта",
                )),
                false => Ok(d),
            });
        let (kind, severity, description) = (
            kind.map_err(|e| errors.push(e)).ok(),
            severity.map_err(|e| errors.push(e)).ok(),
            description.map_err(|e| errors.push(e)).ok(),
        );
        match (kind, severity, description) {
            (Some(reaction_type), Some(severity), Some(description)) => Ok(Reaction {
                reaction_type,
                severity,
                description,
            }),
            _ => Err(errors),
        }
    }
}

/// Whether `text` names the patient: it contains a word of `name` (three letters or longer),
/// ignoring letter case and the apostrophe's forms, also in another grammatical case (a word of
/// four letters or more matches a word that shares all but its last letter and ends differently:
/// «Олег» → «Олега», «Петрівна» → «Петрівни»).
pub fn names_patient(text: &str, name: &str) -> bool {
    let norm = |s: &str| -> Vec<Vec<char>> {
        s.split(|c: char| !(c.is_alphabetic() || is_apostrophe(c)))
            .map(|w| {
                w.chars()
                    .filter(|c| !is_apostrophe(*c))
                    .flat_map(char::to_lowercase)
                    .collect::<Vec<char>>()
            })
            .filter(|w| !w.is_empty())
            .collect()
    };
    let words = norm(text);
    norm(name)
        .iter()
        .filter(|n| n.len() >= 3)
        .any(|n| words.iter().any(|w| same_word(w, n)))
}

fn same_word(word: &[char], name: &[char]) -> bool {
    if word == name {
        return true;
    }
    if name.len() < 4 || word.len() > name.len() + 3 {
        return false;
    }
    let common = word.iter().zip(name).take_while(|(a, b)| a == b).count();
    common >= 4.max(name.len() - 1)
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '`')
}

/// What the national operator receives about a reaction. `S` is how the store names the supplier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HaemovigilanceReport<S> {
    /// The DIN, or the supplier's own donation number.
    pub donation: String,
    /// The unit's product code.
    pub product: String,
    pub supplier: S,
    pub component_class: ComponentClass,
    pub reaction_type: ReactionType,
    pub severity: Severity,
    /// Serious in the sense of Law 931-IX art. 16.
    pub serious: bool,
    pub description: String,
}

impl<S> HaemovigilanceReport<S> {
    pub fn new(
        reaction: Reaction,
        donation: String,
        product: String,
        supplier: S,
        class: ComponentClass,
    ) -> Self {
        HaemovigilanceReport {
            donation,
            product,
            supplier,
            component_class: class,
            reaction_type: reaction.reaction_type,
            serious: reaction.severity.is_serious(),
            severity: reaction.severity,
            description: reaction.description,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(description: &str) -> ReactionInput {
        ReactionInput {
            reaction_type: "anaphylaxis".into(),
            severity: "severe".into(),
            description: description.into(),
        }
    }

    #[test]
    fn a_reaction_makes_a_report_without_the_patient() {
        let name = "Коваленко Олена Петрівна";
        let r = Reaction::parse(&input("Через 10 хв: кропив'янка, АТ 80/40"), name).unwrap();
        let report = HaemovigilanceReport::new(
            r,
            "G123417654321".into(),
            "E9101V00".into(),
            7u32,
            ComponentClass::Plasma,
        );
        assert!(report.serious);
        let json = serde_json::to_string(&report).unwrap();
        assert!(json.contains("G123417654321") && json.contains("anaphylaxis"));
        for word in name.split(' ') {
            assert!(!json.contains(word), "{json}");
        }
    }

    #[test]
    fn a_description_naming_the_patient_is_refused() {
        let name = "Д'Артаньян Олег Петрович";
        for d in [
            "пацієнт ОЛЕГ скаржиться",
            "у Олега висип",
            "Дартаньян: висип",
            "д’артаньяну стало гірше",
            "Петровичу дали антигістамінні",
        ] {
            let e = Reaction::parse(&input(d), name).unwrap_err();
            assert_eq!(e[0].code, "contains_patient_name", "{d}");
        }
        for d in ["Олегівна", "висип, свербіж", "Оле висип", "Олександр"]
        {
            assert!(Reaction::parse(&input(d), name).is_ok(), "{d}");
        }
        // Short words of a name (an initial, «Ів») refuse nothing but themselves.
        assert!(Reaction::parse(&input("Іва висип"), "Ів Ко").is_ok());
        assert!(
            Reaction::parse(&input("Ів висип"), "Ів Ко").is_ok(),
            "two letters are too few"
        );
    }

    #[test]
    fn every_field_error_at_once() {
        let bad = ReactionInput {
            reaction_type: "rash".into(),
            severity: "".into(),
            description: "висип\u{1b}[2J".into(),
        };
        let e = Reaction::parse(&bad, "Коваленко").unwrap_err();
        let fields: Vec<_> = e.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            fields,
            [
                ("reaction_type", "invalid"),
                ("severity", "invalid"),
                ("description", "forbidden_character")
            ]
        );
    }
}
