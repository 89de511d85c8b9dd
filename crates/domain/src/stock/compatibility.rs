//! ABO/RhD groups and which donor units a recipient may receive, per component class
//! (BLOODBANK.md, standard transfusion practice).
//!
//! * Red cells: the donor's cells must carry no ABO antigen the recipient has antibodies to
//!   (O → everyone; A → A, AB; B → B, AB; AB → AB).
//! * Plasma: the donor's plasma must carry no antibody to the recipient's antigens
//!   (AB → everyone; A → A, O; B → B, O; O → O).
//! * Whole blood carries both cells and plasma, so it must satisfy both tables: ABO-identical.
//! * Platelets: ABO-identical preferred, otherwise ABO-compatible plasma (BLOODBANK.md).
//! * Cryoprecipitate: BLOODBANK.md gives no table; it is made from plasma, so the plasma table is
//!   applied (a conservative choice that an operator might relax).
//! * RhD: an RhD-negative recipient receives RhD-negative red cells, whole blood and platelets;
//!   RhD-positive ones only as a recorded emergency exception. Plasma and cryoprecipitate carry no
//!   red cells: RhD does not matter.
//!
//! ABO incompatibility is never an exception: such units are not offered at all.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::catalogue::ComponentClass;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Abo {
    O,
    A,
    B,
    AB,
}

impl Abo {
    pub const ALL: [Abo; 4] = [Abo::O, Abo::A, Abo::B, Abo::AB];

    fn has_a(self) -> bool {
        matches!(self, Abo::A | Abo::AB)
    }
    fn has_b(self) -> bool {
        matches!(self, Abo::B | Abo::AB)
    }
    /// The donor's red cells carry no antigen the recipient's plasma has antibodies to.
    pub fn red_cells_compatible(donor: Abo, recipient: Abo) -> bool {
        (!donor.has_a() || recipient.has_a()) && (!donor.has_b() || recipient.has_b())
    }
    /// The donor's plasma carries no antibody to the recipient's red-cell antigens: the mirror.
    pub fn plasma_compatible(donor: Abo, recipient: Abo) -> bool {
        Abo::red_cells_compatible(recipient, donor)
    }
    /// API.md's code: `O`, `A`, `B`, `AB`.
    pub fn code(self) -> &'static str {
        self.label()
    }
    /// The code; a zero is read as O, and letters in any case.
    pub fn parse(s: &str) -> Option<Abo> {
        match s.trim().to_ascii_uppercase().as_str() {
            "O" | "0" => Some(Abo::O),
            "A" => Some(Abo::A),
            "B" => Some(Abo::B),
            "AB" => Some(Abo::AB),
            _ => None,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Abo::O => "O",
            Abo::A => "A",
            Abo::B => "B",
            Abo::AB => "AB",
        }
    }
    /// The Ukrainian clinical form: O(I), A(II), B(III), AB(IV).
    pub fn label_uk(self) -> &'static str {
        match self {
            Abo::O => "O(I)",
            Abo::A => "A(II)",
            Abo::B => "B(III)",
            Abo::AB => "AB(IV)",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RhD {
    Negative,
    Positive,
}

impl RhD {
    /// API.md's code: `pos`, `neg`.
    pub fn code(self) -> &'static str {
        match self {
            RhD::Positive => "pos",
            RhD::Negative => "neg",
        }
    }
    pub fn parse(s: &str) -> Option<RhD> {
        match s.trim() {
            "pos" => Some(RhD::Positive),
            "neg" => Some(RhD::Negative),
            _ => None,
        }
    }
}

/// An ABO/RhD group. The stable code is e.g. `a_pos`, `ab_neg`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AboRhD {
    pub abo: Abo,
    pub rhd: RhD,
}

/// (group, stable code, ISBT 128 `gg` code of BLOODBANK.md).
const GROUPS: [(AboRhD, &str, &str); 8] = [
    (AboRhD::new(Abo::O, RhD::Negative), "o_neg", "95"),
    (AboRhD::new(Abo::O, RhD::Positive), "o_pos", "51"),
    (AboRhD::new(Abo::A, RhD::Negative), "a_neg", "06"),
    (AboRhD::new(Abo::A, RhD::Positive), "a_pos", "62"),
    (AboRhD::new(Abo::B, RhD::Negative), "b_neg", "17"),
    (AboRhD::new(Abo::B, RhD::Positive), "b_pos", "73"),
    (AboRhD::new(Abo::AB, RhD::Negative), "ab_neg", "28"),
    (AboRhD::new(Abo::AB, RhD::Positive), "ab_pos", "84"),
];

impl AboRhD {
    pub const fn new(abo: Abo, rhd: RhD) -> AboRhD {
        AboRhD { abo, rhd }
    }
    /// All eight groups.
    pub fn all() -> impl Iterator<Item = AboRhD> {
        GROUPS.iter().map(|g| g.0)
    }
    fn entry(self) -> &'static (AboRhD, &'static str, &'static str) {
        &GROUPS[self.abo as usize * 2 + self.rhd as usize]
    }
    pub fn code(self) -> &'static str {
        self.entry().1
    }
    /// The ISBT 128 blood-group code (`gg` of `=%ggre`).
    pub fn isbt_code(self) -> &'static str {
        self.entry().2
    }
    pub fn from_isbt(gg: &str) -> Option<AboRhD> {
        GROUPS.iter().find(|g| g.2 == gg).map(|g| g.0)
    }
    /// Parse the stable code (`a_pos`) or the usual written forms: `A+`, `A Rh+`, `AB−`, `0-`,
    /// `A(II) Rh+`, `O(I) Rh-` (a zero is read as O; ASCII or Unicode minus).
    pub fn parse(s: &str) -> Option<AboRhD> {
        let t = s.trim();
        if let Some(g) = GROUPS.iter().find(|g| g.1 == t) {
            return Some(g.0);
        }
        let compact: String = t
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| if c == '−' || c == '–' { '-' } else { c })
            .collect::<String>()
            .to_uppercase();
        let compact = compact.replacen("RHD", "", 1).replacen("RH", "", 1);
        let sign = compact.chars().last()?;
        let head = &compact[..compact.len() - sign.len_utf8()];
        // An optional Roman numeral in parentheses must agree with the letters.
        let (letters, numeral) = match head.split_once('(') {
            Some((l, rest)) => (l, Some(rest.strip_suffix(')')?)),
            None => (head, None),
        };
        let abo = match letters {
            "O" | "0" => Abo::O,
            "A" => Abo::A,
            "B" => Abo::B,
            "AB" => Abo::AB,
            _ => return None,
        };
        if numeral.is_some_and(|n| Some(n) != abo.label_uk().split(['(', ')']).nth(1)) {
            return None;
        }
        let rhd = match sign {
            '+' => RhD::Positive,
            '-' => RhD::Negative,
            _ => return None,
        };
        Some(AboRhD::new(abo, rhd))
    }
    /// `A Rh+`, `AB Rh−`.
    pub fn label(self) -> String {
        format!("{} {}", self.abo.label(), self.rhd_label())
    }
    /// `A(II) Rh+`.
    pub fn label_uk(self) -> String {
        format!("{} {}", self.abo.label_uk(), self.rhd_label())
    }
    fn rhd_label(self) -> &'static str {
        match self.rhd {
            RhD::Positive => "Rh+",
            RhD::Negative => "Rh−",
        }
    }
}

impl fmt::Display for AboRhD {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for AboRhD {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for AboRhD {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<AboRhD, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        GROUPS
            .iter()
            .find(|g| g.1 == s)
            .map(|g| g.0)
            .ok_or_else(|| serde::de::Error::custom(format!("Невідома група крові «{s}»")))
    }
}

/// How a donor unit fits a recipient, best first (the derived order is the proposal order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Match {
    /// Same ABO and RhD.
    Identical,
    /// Compatible, not identical. `rank` orders the alternatives, lower first: twice the
    /// distance (1 = same ABO, other RhD; 2 = other ABO, same RhD; 3 = other ABO and RhD), plus 1
    /// for a group O unit to a non-O recipient — so that O units, and O RhD-negative last of all,
    /// are kept for those who can receive nothing else.
    Compatible { rank: u8 },
    /// Only as a recorded emergency exception: RhD-positive red cells, whole blood or platelets to
    /// an RhD-negative recipient (ABO compatible).
    EmergencyOnly,
    /// Never offered.
    Incompatible,
}

impl Match {
    /// Offered without an exception.
    pub fn is_offered(self) -> bool {
        matches!(self, Match::Identical | Match::Compatible { .. })
    }
    pub fn code(self) -> &'static str {
        match self {
            Match::Identical => "identical",
            Match::Compatible { .. } => "compatible",
            Match::EmergencyOnly => "emergency_only",
            Match::Incompatible => "incompatible",
        }
    }
    pub fn title_uk(self) -> &'static str {
        match self {
            Match::Identical => "Однакова група",
            Match::Compatible { .. } => "Сумісна група",
            Match::EmergencyOnly => "Лише як виняток за невідкладних обставин",
            Match::Incompatible => "Несумісна група",
        }
    }
}

/// ABO compatibility for a component class (the RhD part is separate).
pub fn abo_compatible(class: ComponentClass, donor: Abo, recipient: Abo) -> bool {
    match class {
        ComponentClass::RedCells => Abo::red_cells_compatible(donor, recipient),
        ComponentClass::Plasma | ComponentClass::Cryoprecipitate | ComponentClass::Platelets => {
            Abo::plasma_compatible(donor, recipient)
        }
        ComponentClass::WholeBlood => donor == recipient,
    }
}

/// Whether RhD matters for the class: it does for components with red cells (and platelets,
/// which carry some).
pub fn rhd_matters(class: ComponentClass) -> bool {
    matches!(
        class,
        ComponentClass::RedCells | ComponentClass::WholeBlood | ComponentClass::Platelets
    )
}

/// How a unit of `donor`'s group and `class` fits a recipient of `recipient`'s group.
pub fn match_unit(class: ComponentClass, donor: AboRhD, recipient: AboRhD) -> Match {
    if !abo_compatible(class, donor.abo, recipient.abo) {
        return Match::Incompatible;
    }
    let rhd_forbidden =
        rhd_matters(class) && donor.rhd == RhD::Positive && recipient.rhd == RhD::Negative;
    if rhd_forbidden {
        return Match::EmergencyOnly;
    }
    if donor == recipient {
        return Match::Identical;
    }
    let same_abo = donor.abo == recipient.abo;
    let same_rhd = donor.rhd == recipient.rhd;
    let distance = match (same_abo, same_rhd) {
        (true, _) => 1,
        (false, true) => 2,
        (false, false) => 3,
    };
    let spare_o = u8::from(donor.abo == Abo::O && recipient.abo != Abo::O);
    Match::Compatible {
        rank: distance * 2 + spare_o,
    }
}

/// The groups a recipient may receive for a class without an exception, in proposal order.
pub fn donor_groups(class: ComponentClass, recipient: AboRhD) -> Vec<AboRhD> {
    let mut v: Vec<(Match, AboRhD)> = AboRhD::all()
        .map(|d| (match_unit(class, d, recipient), d))
        .filter(|(m, _)| m.is_offered())
        .collect();
    v.sort();
    v.into_iter().map(|(_, d)| d).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_isbt_codes_round_trip() {
        for g in AboRhD::all() {
            assert_eq!(AboRhD::parse(g.code()), Some(g));
            assert_eq!(AboRhD::from_isbt(g.isbt_code()), Some(g));
            assert_eq!(AboRhD::parse(&g.label()), Some(g));
            assert_eq!(AboRhD::parse(&g.label_uk()), Some(g));
        }
        assert_eq!(
            AboRhD::from_isbt("62"),
            Some(AboRhD::new(Abo::A, RhD::Positive))
        );
        assert_eq!(
            AboRhD::parse("0-"),
            Some(AboRhD::new(Abo::O, RhD::Negative))
        );
        assert_eq!(
            AboRhD::parse("ab +"),
            Some(AboRhD::new(Abo::AB, RhD::Positive))
        );
        for bad in ["", "+", "C+", "A", "A±", "ABB+", "A(I)+", "A(II+", "Ї"] {
            assert_eq!(AboRhD::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn proposal_order_for_an_a_positive_patient_keeps_o_negative_last() {
        let a_pos = AboRhD::new(Abo::A, RhD::Positive);
        let codes: Vec<_> = donor_groups(ComponentClass::RedCells, a_pos)
            .iter()
            .map(|g| g.code())
            .collect();
        assert_eq!(codes, ["a_pos", "a_neg", "o_pos", "o_neg"]);
    }
}
