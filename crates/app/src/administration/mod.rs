//! The facility administrator's work (seed steps 4–9): role sets, employees, departments,
//! positions, assignments with their 24-hour invitations.
//!
//! Each use case takes the proof of [`crate::facility`] for the grant it needs and touches only
//! rows of that proof's facility. Every change is audited in its own transaction.

mod assignments;
mod departments;
mod employees;
mod positions;
mod roles;
mod views;

pub use views::{Holder, HolderState, InvitationState};

use chrono::{DateTime, Duration, Utc};
use ekrov_domain::{AssignmentKind, DepartmentType, Permission};
use ekrov_store::administration as store;
use ekrov_store::{
    Tx,
    access::links,
    administration::assignments::{Assignment, AssignmentData, Status},
    administration::departments::{Department, DepartmentData},
    administration::employees::{Employee, EmployeeData},
    administration::positions::{Position, PositionData},
    administration::roles::Role,
    mail as outbox,
    mail::Letter,
};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::{
    App, AppError, AppResult,
    audit::record,
    facility::{FacilityActor, grant::*},
    random_token,
};

/// How long an invitation link works.
pub const INVITATION_TTL: Duration = Duration::hours(24);

/// A role set as checked by `ekrov_domain::administration::NewRole::parse`.
pub use ekrov_domain::administration::RoleData as RoleInput;

/// An invitation as the administrator sees it once: the link itself is not stored.
#[derive(Debug, Clone)]
pub struct Invitation {
    pub link: String,
    pub expires_at: DateTime<Utc>,
}

fn role_json(r: &Role) -> Value {
    json!({"name": r.name, "description": r.description, "permissions": r.permissions})
}
fn employee_json(e: &EmployeeData) -> Value {
    json!({"surname": e.surname, "given_name": e.given_name, "patronymic": e.patronymic,
        "person_code": e.person_code.as_str(), "person_code_kind": e.person_code.kind(),
        "email": e.email.as_str(), "phone": e.phone.as_ref().map(|p| p.as_str())})
}
fn department_json(d: &DepartmentData) -> Value {
    json!({"name": d.name, "short_name": d.short_name, "type": d.dtype, "parent_id": d.parent_id})
}
fn position_json(department_id: Uuid, p: &PositionData) -> Value {
    json!({"department_id": department_id, "title": p.title, "classifier_code": p.classifier_code,
        "staff_units_x100": p.staff_units_x100, "is_head": p.is_head})
}
fn assignment_json(a: &Assignment) -> Value {
    json!({"position_id": a.position_id, "employee_id": a.data.employee_id, "role_ids": a.data.role_ids,
        "start_date": a.data.start_date.to_string(), "order_number": a.data.order_number,
        "order_date": a.data.order_date.to_string(), "kind": a.data.kind, "status": a.status.as_str()})
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The letter carrying an invitation to the employee.
fn invitation_letter(
    facility_id: Uuid,
    facility: &str,
    e: &EmployeeData,
    position: &str,
    link: &str,
    expires_at: DateTime<Utc>,
) -> Letter {
    let name = format!(
        "{} {}",
        e.given_name,
        e.patronymic.clone().unwrap_or_default()
    )
    .trim()
    .to_owned();
    let until = expires_at.format("%d.%m.%Y %H:%M UTC").to_string();
    let text = format!(
        "Шановний(а) {name}!\n\n\
         Вас призначено на посаду «{position}» у закладі «{facility}» в системі єКров.\n\
         Щоб завершити реєстрацію, відкрийте посилання і підпишіть вхід своїм кваліфікованим\n\
         електронним підписом (КЕП), виданим на ваш РНОКПП:\n\n{link}\n\n\
         Посилання одноразове і дійсне 24 години — до {until}. Якщо строк минув, зверніться до\n\
         адміністратора вашого закладу по нове запрошення.\n\n\
         --\n\
         You have been assigned to \"{position}\" at \"{facility}\" in eKrov. Open the link above and sign\n\
         with your qualified electronic signature within 24 hours (until {until}); single use.\n"
    );
    let html = format!(
        "<!doctype html><html lang=\"uk\"><body>\
         <p>Шановний(а) {name}!</p>\
         <p>Вас призначено на посаду «{position}» у закладі «{facility}» в системі єКров.</p>\
         <p><a href=\"{link}\">Завершити реєстрацію в єКров</a></p>\
         <p>Вхід виконується лише з вашим кваліфікованим електронним підписом (КЕП). Посилання одноразове \
         і дійсне 24 години — до {until}. Якщо строк минув, зверніться до адміністратора вашого закладу.</p>\
         <p lang=\"en\">You have been assigned to “{position}” at “{facility}”: \
         <a href=\"{link}\">complete your registration</a> within 24 hours (until {until}).</p></body></html>",
        name = html_escape(&name),
        position = html_escape(position),
        facility = html_escape(facility),
        link = html_escape(link),
    );
    Letter {
        to: e.email.as_str().to_owned(),
        subject: format!("єКров: запрошення — посада «{position}», {facility}"),
        body_text: text,
        body_html: html,
        facility_id: Some(facility_id),
    }
}

fn codes(p: &[Permission]) -> Vec<String> {
    p.iter().map(|p| p.code().to_owned()).collect()
}

fn duplicate_role() -> AppError {
    AppError::conflict(
        "duplicate_name",
        "Рольовий набір з такою назвою вже є в закладі",
    )
}

fn duplicate_rnokpp(code: &str) -> AppError {
    AppError::conflict(
        "duplicate_rnokpp",
        format!("Працівник з ідентифікатором {code} уже є в закладі"),
    )
}

impl App {
    // ───────────── the whole structure, for the pages ─────────────

    /// Departments, positions and current assignments of the facility, with the employees and
    /// roles they name: what the organisational-structure page shows, in four queries.
    pub async fn structure(&self, a: &FacilityActor<'_, ViewStructure>) -> AppResult<Structure> {
        let f = a.facility_id();
        Ok(Structure {
            departments: store::departments::all(&self.db, f).await?,
            positions: store::positions::all(&self.db, f).await?,
            assignments: store::assignments::current(&self.db, f).await?,
        })
    }

    /// For the pages: when the live invitation of each of these (invited) assignments runs out;
    /// an assignment missing from the answer has no live link and waits for a new invitation.
    pub async fn invitation_deadlines(
        &self,
        a: &FacilityActor<'_, ViewStructure>,
        ids: &[Uuid],
    ) -> AppResult<std::collections::HashMap<Uuid, DateTime<Utc>>> {
        Ok(store::assignments::invitation_deadlines(&self.db, a.facility_id(), ids).await?)
    }
}

/// The organisational structure of a facility.
#[derive(Debug, Clone)]
pub struct Structure {
    pub departments: Vec<Department>,
    pub positions: Vec<Position>,
    pub assignments: Vec<Assignment>,
}

/// Everything that makes up an invitation link's page: whom it is for and which position.
#[derive(Debug, Clone)]
pub struct InvitationInfo {
    pub position_title: String,
    pub department_name: String,
    pub employee_name: String,
}

impl App {
    /// For the link page: the position an invitation link is for (no principal: the token is the
    /// secret, and the caller has already looked the link up by it).
    pub async fn invitation_info(&self, link: &links::Link) -> AppResult<Option<InvitationInfo>> {
        if link.kind != links::Kind::Invitation {
            return Ok(None);
        }
        let Some(id) = link.subject_id else {
            return Ok(None);
        };
        let Some(a) = store::assignments::get(&self.db, link.facility_id, id).await? else {
            return Ok(None);
        };
        let Some(p) = store::positions::get(&self.db, link.facility_id, a.position_id).await?
        else {
            return Ok(None);
        };
        let d = store::departments::get(&self.db, link.facility_id, p.department_id).await?;
        let e = store::employees::get(&self.db, link.facility_id, a.data.employee_id).await?;
        Ok(Some(InvitationInfo {
            position_title: p.data.title,
            department_name: d.map(|d| d.data.name).unwrap_or_default(),
            employee_name: e.map(|e| e.data.full_name()).unwrap_or_default(),
        }))
    }
}
