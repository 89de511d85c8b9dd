//! The clinical request («заявка») from a ward, checked field by field with every error returned at
//! once, and the rule for issuing a unit against it (identical or compatible, or an RhD exception
//! in an emergency with a recorded reason).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::catalogue::ComponentClass;
use super::coded_enum;
use super::compatibility::{AboRhD, Match, match_unit};
use super::text::{TextRule, clean_text};

coded_enum! {
    /// How soon the ward needs the components.
    pub enum Urgency ("терміновість") {
        Planned = ("planned", "Планова", "Planned"),
        Urgent = ("urgent", "Термінова", "Urgent"),
        Emergency = ("emergency", "Невідкладна (екстрена)", "Emergency"),
    }
}

/// One refused field: its name in the API and a message for the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: &'static str,
    pub code: &'static str,
    pub message: String,
}

impl FieldError {
    pub(crate) fn new(field: &'static str, code: &'static str, message: impl Into<String>) -> Self {
        FieldError {
            field,
            code,
            message: message.into(),
        }
    }
}

/// The request as typed (every field a string, as a form or a JSON body brings it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct ClinicalRequestInput {
    pub patient_mrn: String,
    pub patient_name: String,
    pub patient_birth_date: String,
    pub patient_abo_rhd: String,
    pub component_class: String,
    pub quantity: String,
    pub urgency: String,
    pub justification: String,
}

/// A checked request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClinicalRequest {
    /// The medical record number (номер медичної карти).
    pub patient_mrn: String,
    pub patient_name: String,
    pub patient_birth_date: NaiveDate,
    pub patient_abo_rhd: AboRhD,
    pub component_class: ComponentClass,
    pub quantity: u32,
    pub urgency: Urgency,
    pub justification: String,
}

/// Most units one request may ask for.
pub const MAX_QUANTITY: u32 = 50;
/// Oldest plausible patient, in years.
const MAX_AGE_YEARS: i32 = 130;

impl ClinicalRequest {
    /// Check every field against `today`; all errors at once, in field order.
    pub fn parse(input: &ClinicalRequestInput, today: NaiveDate) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mrn = take(&mut errors, mrn(&input.patient_mrn));
        let name = take(
            &mut errors,
            text("patient_name", &input.patient_name, TextRule::line(200)),
        );
        let birth = take(&mut errors, birth_date(&input.patient_birth_date, today));
        let group = take(
            &mut errors,
            AboRhD::parse(&input.patient_abo_rhd).ok_or_else(|| {
                let code = required_or_invalid(&input.patient_abo_rhd);
                FieldError::new("patient_abo_rhd", code, "Вкажіть групу крові й резус-фактор пацієнта за результатом дослідження, наприклад A(II) Rh+")
            }),
        );
        let class = take(
            &mut errors,
            ComponentClass::parse(input.component_class.trim()).map_err(|_| {
                FieldError::new(
                    "component_class",
                    required_or_invalid(&input.component_class),
                    "Оберіть компонент крові зі списку",
                )
            }),
        );
        let quantity = take(&mut errors, quantity(&input.quantity));
        let urgency = take(
            &mut errors,
            Urgency::parse(input.urgency.trim()).map_err(|_| {
                FieldError::new(
                    "urgency",
                    required_or_invalid(&input.urgency),
                    "Оберіть терміновість: планова, термінова або невідкладна",
                )
            }),
        );
        let justification = take(
            &mut errors,
            text(
                "justification",
                &input.justification,
                TextRule::paragraphs(2000),
            ),
        );
        match (
            mrn,
            name,
            birth,
            group,
            class,
            quantity,
            urgency,
            justification,
        ) {
            (Some(m), Some(n), Some(b), Some(g), Some(c), Some(q), Some(u), Some(j)) => {
                Ok(ClinicalRequest {
                    patient_mrn: m,
                    patient_name: n,
                    patient_birth_date: b,
                    patient_abo_rhd: g,
                    component_class: c,
                    quantity: q,
                    urgency: u,
                    justification: j,
                })
            }
            _ => Err(errors),
        }
    }
}

fn required_or_invalid(s: &str) -> &'static str {
    if s.trim().is_empty() {
        "required"
    } else {
        "invalid"
    }
}

/// The value, or `None` with its error kept.
fn take<T>(errors: &mut Vec<FieldError>, r: Result<T, FieldError>) -> Option<T> {
    r.map_err(|e| errors.push(e)).ok()
}

fn text(field: &'static str, s: &str, rule: TextRule) -> Result<String, FieldError> {
    clean_text(s, rule).map_err(|e| FieldError::new(field, e.code(), e.message_uk()))
}

/// Medical record numbers differ between hospitals: letters, digits and `-`, `/`, `.`, up to 32.
fn mrn(s: &str) -> Result<String, FieldError> {
    let t = text("patient_mrn", s, TextRule::line(32))?;
    if !t
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '/' | '.'))
    {
        return Err(FieldError::new(
            "patient_mrn",
            "invalid",
            "Номер медичної карти — літери, цифри та «-», «/», «.» без пробілів",
        ));
    }
    Ok(t)
}

fn birth_date(s: &str, today: NaiveDate) -> Result<NaiveDate, FieldError> {
    let t = s.trim();
    let field = "patient_birth_date";
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
    if today
        .years_since(d)
        .is_none_or(|y| y as i32 > MAX_AGE_YEARS)
    {
        return Err(FieldError::new(
            field,
            "implausible",
            "Перевірте дату народження: пацієнтові понад 130 років",
        ));
    }
    Ok(d)
}

fn quantity(s: &str) -> Result<u32, FieldError> {
    let t = s.trim();
    let bad = || {
        FieldError::new(
            "quantity",
            "invalid",
            format!("Кількість — ціле число від 1 до {MAX_QUANTITY}"),
        )
    };
    if t.is_empty() {
        return Err(FieldError::new(
            "quantity",
            "required",
            "Вкажіть кількість доз",
        ));
    }
    if t.len() > 4 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    match t.parse::<u32>() {
        Ok(n) if (1..=MAX_QUANTITY).contains(&n) => Ok(n),
        _ => Err(bad()),
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
    if class != request.component_class {
        return Err(IssueRefusal::WrongClass {
            requested: request.component_class,
        });
    }
    match match_unit(class, group, request.patient_abo_rhd) {
        Match::Incompatible => Err(IssueRefusal::Incompatible),
        Match::EmergencyOnly if exception.is_none() || request.urgency != Urgency::Emergency => {
            Err(IssueRefusal::ExceptionRequired)
        }
        m => Ok(m),
    }
}
