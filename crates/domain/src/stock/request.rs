//! The clinical request («заявка») from a ward, checked field by field with every error returned at
//! once, and the rule for issuing a unit against it (identical or compatible, or an RhD exception
//! in an emergency with a recorded reason).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::catalogue::ComponentClass;
use super::compatibility::{Abo, AboRhD, Match, RhD, match_unit};
use super::text::TextRule;
use super::{coded_enum, take, text};

coded_enum! {
    /// How soon the ward needs the components.
    pub enum Urgency ("терміновість") {
        Planned = ("planned", "Планова", "Planned"),
        Urgent = ("urgent", "Термінова", "Urgent"),
        Emergency = ("emergency", "Невідкладна (екстрена)", "Emergency"),
    }
}

pub use super::FieldError;

/// The patient as typed (API.md: `patient: {record_number, surname, given_name, birth_date, abo,
/// rhd}`; the patronymic is optional).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct PatientInput {
    pub record_number: String,
    pub surname: String,
    pub given_name: String,
    pub patronymic: String,
    pub birth_date: String,
    /// `O`, `A`, `B` or `AB`.
    pub abo: String,
    /// `pos` or `neg`.
    pub rhd: String,
}

/// The request as typed (API.md's `POST /requests`, without the ward's and doctor's ids, which
/// the web layer resolves).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct ClinicalRequestInput {
    pub patient: PatientInput,
    pub component: String,
    pub quantity: Option<i64>,
    pub urgency: String,
    pub justification: String,
}

/// A checked patient: personal data, shown only to those allowed to see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Patient {
    /// The medical record number (номер медичної карти).
    pub record_number: String,
    pub surname: String,
    pub given_name: String,
    pub patronymic: Option<String>,
    pub birth_date: NaiveDate,
    /// The tested ABO/RhD group.
    pub group: AboRhD,
}

impl Patient {
    /// «Коваленко Олена Петрівна».
    pub fn full_name(&self) -> String {
        let mut n = format!("{} {}", self.surname, self.given_name);
        if let Some(p) = &self.patronymic {
            n.push(' ');
            n.push_str(p);
        }
        n
    }
}

/// A checked request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClinicalRequest {
    pub patient: Patient,
    pub component: ComponentClass,
    pub quantity: u32,
    pub urgency: Urgency,
    pub justification: String,
}

/// Most units one request may ask for.
pub const MAX_QUANTITY: i64 = 50;
/// Oldest plausible patient, in years.
const MAX_AGE_YEARS: u32 = 130;

impl ClinicalRequest {
    /// Check every field against `today`; all errors at once, in field order. Nested fields are
    /// named `patient.surname` etc.
    pub fn parse(input: &ClinicalRequestInput, today: NaiveDate) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let e = &mut errors;
        let patient = parse_patient(e, &input.patient, today);
        let component = take(
            e,
            ComponentClass::parse(input.component.trim()).map_err(|_| {
                FieldError::new(
                    "component",
                    required_or_invalid(&input.component),
                    "Оберіть компонент крові зі списку",
                )
            }),
        );
        let quantity = take(e, quantity(input.quantity));
        let urgency = take(
            e,
            Urgency::parse(input.urgency.trim()).map_err(|_| {
                FieldError::new(
                    "urgency",
                    required_or_invalid(&input.urgency),
                    "Оберіть терміновість: планова, термінова або невідкладна",
                )
            }),
        );
        let justification = take(
            e,
            text(
                "justification",
                &input.justification,
                TextRule::paragraphs(2000),
            ),
        );
        match (patient, component, quantity, urgency, justification) {
            (
                Some(patient),
                Some(component),
                Some(quantity),
                Some(urgency),
                Some(justification),
            ) => Ok(ClinicalRequest {
                patient,
                component,
                quantity,
                urgency,
                justification,
            }),
            _ => Err(errors),
        }
    }
}

fn parse_patient(e: &mut Vec<FieldError>, p: &PatientInput, today: NaiveDate) -> Option<Patient> {
    let record_number = take(e, record_number(&p.record_number));
    let surname = take(e, text("patient.surname", &p.surname, TextRule::line(100)));
    let given_name = take(
        e,
        text("patient.given_name", &p.given_name, TextRule::line(100)),
    );
    let patronymic = take(
        e,
        text(
            "patient.patronymic",
            &p.patronymic,
            TextRule::line(100).optional(),
        ),
    );
    let birth_date = take(e, birth_date(&p.birth_date, today));
    let abo = take(
        e,
        Abo::parse(p.abo.trim()).ok_or_else(|| {
            FieldError::new(
                "patient.abo",
                required_or_invalid(&p.abo),
                "Вкажіть групу крові пацієнта за результатом дослідження: O, A, B або AB",
            )
        }),
    );
    let rhd = take(
        e,
        RhD::parse(p.rhd.trim()).ok_or_else(|| {
            FieldError::new(
                "patient.rhd",
                required_or_invalid(&p.rhd),
                "Вкажіть резус-належність пацієнта за результатом дослідження",
            )
        }),
    );
    Some(Patient {
        record_number: record_number?,
        surname: surname?,
        given_name: given_name?,
        patronymic: patronymic.filter(|p| !p.is_empty()),
        birth_date: birth_date?,
        group: AboRhD::new(abo?, rhd?),
    })
}

fn required_or_invalid(s: &str) -> &'static str {
    if s.trim().is_empty() {
        "required"
    } else {
        "invalid"
    }
}

/// Medical record numbers differ between hospitals: letters, digits and `-`, `/`, `.`, up to 32.
fn record_number(s: &str) -> Result<String, FieldError> {
    let field = "patient.record_number";
    let t = text(field, s, TextRule::line(32))?;
    if !t
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '/' | '.'))
    {
        return Err(FieldError::new(
            field,
            "invalid",
            "Номер медичної карти — літери, цифри та «-», «/», «.» без пробілів",
        ));
    }
    Ok(t)
}

fn birth_date(s: &str, today: NaiveDate) -> Result<NaiveDate, FieldError> {
    let t = s.trim();
    let field = "patient.birth_date";
    if t.is_empty() {
        return Err(FieldError::new(
            field,
            "required",
            "Вкажіть дату народження пацієнта",
        ));
    }
    let d = NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(t, "%d.%m.%Y"))
        .map_err(|_| FieldError::new(field, "invalid", "Дата народження — у формі ДД.ММ.РРРР"))?;
    if d > today {
        return Err(FieldError::new(
            field,
            "in_future",
            "Дата народження не може бути в майбутньому",
        ));
    }
    if today.years_since(d).is_none_or(|y| y > MAX_AGE_YEARS) {
        return Err(FieldError::new(
            field,
            "implausible",
            "Перевірте дату народження: пацієнтові понад 130 років",
        ));
    }
    Ok(d)
}

fn quantity(q: Option<i64>) -> Result<u32, FieldError> {
    match q {
        None => Err(FieldError::new(
            "quantity",
            "required",
            "Вкажіть кількість доз",
        )),
        Some(n @ 1..=MAX_QUANTITY) => Ok(n as u32),
        Some(_) => Err(FieldError::new(
            "quantity",
            "invalid",
            format!("Кількість — ціле число від 1 до {MAX_QUANTITY}"),
        )),
    }
}

/// The recorded decision to issue an RhD-incompatible unit in an emergency: who decided (the
/// caller's employee id) and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EmergencyException<P> {
    pub decided_by: P,
    pub reason: String,
}

impl<P> EmergencyException<P> {
    /// The reason is required free text (at most 1000 characters).
    pub fn new(decided_by: P, reason: &str) -> Result<Self, FieldError> {
        Ok(EmergencyException {
            decided_by,
            reason: text("exception_reason", reason, TextRule::paragraphs(1000))?,
        })
    }
}

/// Why a unit may not be issued against a request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IssueRefusal {
    #[error("Компонент не того класу: заявка на «{}»", .requested.title_uk())]
    WrongClass { requested: ComponentClass },
    #[error("Група крові одиниці несумісна з групою пацієнта")]
    Incompatible,
    #[error(
        "Резус-несумісну одиницю можна видати лише за невідкладної заявки, із зазначеною причиною та тим, хто вирішив"
    )]
    ExceptionRequired,
}

impl IssueRefusal {
    pub fn code(&self) -> &'static str {
        match self {
            IssueRefusal::WrongClass { .. } => "wrong_class",
            IssueRefusal::Incompatible => "incompatible",
            IssueRefusal::ExceptionRequired => "exception_required",
        }
    }
}

/// Whether a unit of `class` and `group` may be issued against `request`; returns how it matches.
/// ABO incompatibility is never allowed; an RhD exception only for an emergency request and with
/// a recorded decision.
pub fn check_issue<P>(
    request: &ClinicalRequest,
    class: ComponentClass,
    group: AboRhD,
    exception: Option<&EmergencyException<P>>,
) -> Result<Match, IssueRefusal> {
    if class != request.component {
        return Err(IssueRefusal::WrongClass {
            requested: request.component,
        });
    }
    match match_unit(class, group, request.patient.group) {
        Match::Incompatible => Err(IssueRefusal::Incompatible),
        Match::EmergencyOnly if exception.is_none() || request.urgency != Urgency::Emergency => {
            Err(IssueRefusal::ExceptionRequired)
        }
        m => Ok(m),
    }
}
