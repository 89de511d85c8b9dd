//! The facility administrator's work (seed steps 4–9): role sets, employees, departments,
//! positions, assignments with their 24-hour invitations, and the facility's audit log.
//!
//! Each use case takes the proof of [`crate::facility`] for the grant it needs and touches only
//! rows of that proof's facility. Every change is audited in its own transaction.

use chrono::{DateTime, Duration, Utc};
use ekrov_domain::{AssignmentKind, DepartmentType, Permission};
use ekrov_store::{
    Tx,
    access::links,
    administration::assignments::{self, Assignment, AssignmentData, Status},
    administration::departments::{self, Department, DepartmentData},
    administration::employees::{self, Employee, EmployeeData},
    administration::positions::{self, Position, PositionData},
    administration::roles::{self, Role},
    audit::{self, Entry},
    mail as outbox,
    mail::Letter,
};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::{
    App, AppError, AppResult,
    facility::{FacilityActor, Grant, grant::*},
    random_token,
};

/// How long an invitation link works.
pub const INVITATION_TTL: Duration = Duration::hours(24);

#[derive(Debug, Clone)]
pub struct RoleInput {
    pub name: String,
    pub description: String,
    pub permissions: Vec<Permission>,
}

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

/// Audit a change of the actor's facility inside the change's transaction.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn record<G: Grant>(
    tx: &mut Tx,
    a: &FacilityActor<'_, G>,
    action: &'static str,
    entity: &'static str,
    id: Uuid,
    before: Option<Value>,
    after: Option<Value>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    audit::append(
        tx,
        &a.audit_actor(),
        Entry {
            facility_id: Some(a.facility_id()),
            action,
            entity,
            entity_id: id.to_string(),
            before,
            after,
        },
        now,
    )
    .await?;
    Ok(())
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
    // ───────────── role sets («Ролі користувачів») ─────────────

    /// A page of role sets, oldest first (see `roles::list`).
    pub async fn list_roles(
        &self,
        a: &FacilityActor<'_, ViewRoles>,
        after: Option<(String, Uuid)>,
        limit: i64,
    ) -> AppResult<Vec<Role>> {
        Ok(roles::list(&self.db, a.facility_id(), after, limit).await?)
    }

    pub async fn get_role(&self, a: &FacilityActor<'_, ViewRoles>, id: Uuid) -> AppResult<Role> {
        roles::get(&self.db, a.facility_id(), id)
            .await?
            .ok_or(AppError::NotFound("рольовий набір"))
    }

    pub async fn create_role(
        &self,
        a: &FacilityActor<'_, ManageRoles>,
        r: RoleInput,
    ) -> AppResult<Role> {
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let role = match roles::insert(
            &mut tx,
            a.facility_id(),
            &r.name,
            &r.description,
            &codes(&r.permissions),
            now,
        )
        .await
        {
            Err(e) if e.is_unique_on("name") => return Err(duplicate_role()),
            x => x?,
        };
        record(
            &mut tx,
            a,
            "role.create",
            "role",
            role.id,
            None,
            Some(role_json(&role)),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(role)
    }

    pub async fn update_role(
        &self,
        a: &FacilityActor<'_, ManageRoles>,
        id: Uuid,
        r: RoleInput,
    ) -> AppResult<Role> {
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let before = roles::get(&mut tx, a.facility_id(), id)
            .await?
            .ok_or(AppError::NotFound("рольовий набір"))?;
        match roles::update(
            &mut tx,
            a.facility_id(),
            id,
            &r.name,
            &r.description,
            &codes(&r.permissions),
            now,
        )
        .await
        {
            Err(e) if e.is_unique_on("name") => return Err(duplicate_role()),
            x => x?,
        }
        let after = roles::get(&mut tx, a.facility_id(), id)
            .await?
            .ok_or(AppError::NotFound("рольовий набір"))?;
        record(
            &mut tx,
            a,
            "role.update",
            "role",
            id,
            Some(role_json(&before)),
            Some(role_json(&after)),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// A role held by an assignment that has not ended cannot be deleted: 409 naming where.
    pub async fn delete_role(&self, a: &FacilityActor<'_, ManageRoles>, id: Uuid) -> AppResult<()> {
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let before = roles::get(&mut tx, a.facility_id(), id)
            .await?
            .ok_or(AppError::NotFound("рольовий набір"))?;
        let used: Vec<_> = roles::usage(&mut tx, id)
            .await?
            .into_iter()
            .filter(|(_, status, _, _)| status != "ended")
            .collect();
        if !used.is_empty() {
            let places: Vec<String> = used
                .iter()
                .map(|(_, _, who, title)| format!("{who} — «{title}»"))
                .collect();
            return Err(AppError::conflict(
                "role_in_use",
                format!(
                    "Рольовий набір «{}» використовується у призначеннях: {}",
                    before.name,
                    places.join("; ")
                ),
            ));
        }
        roles::delete(&mut tx, a.facility_id(), id).await?;
        record(
            &mut tx,
            a,
            "role.delete",
            "role",
            id,
            Some(role_json(&before)),
            None,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    // ───────────── employees ─────────────

    pub async fn list_employees(
        &self,
        a: &FacilityActor<'_, ViewEmployees>,
        after: Option<(String, Uuid)>,
        limit: i64,
    ) -> AppResult<Vec<Employee>> {
        Ok(employees::list(&self.db, a.facility_id(), after, limit).await?)
    }

    /// The employees holding positions, by id: whom the organisational structure names.
    pub async fn holders(
        &self,
        a: &FacilityActor<'_, ViewStructure>,
        ids: &[Uuid],
    ) -> AppResult<Vec<Employee>> {
        Ok(employees::by_ids(&self.db, a.facility_id(), ids).await?)
    }

    pub async fn get_employee(
        &self,
        a: &FacilityActor<'_, ViewEmployees>,
        id: Uuid,
    ) -> AppResult<Employee> {
        employees::get(&self.db, a.facility_id(), id)
            .await?
            .ok_or(AppError::NotFound("працівника"))
    }

    pub async fn create_employee(
        &self,
        a: &FacilityActor<'_, ManageEmployees>,
        d: EmployeeData,
    ) -> AppResult<Employee> {
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let code = d.person_code.as_str().to_owned();
        if employees::by_person_code(&mut tx, a.facility_id(), &code)
            .await?
            .is_some()
        {
            return Err(duplicate_rnokpp(&code));
        }
        let e = match employees::insert(&mut tx, a.facility_id(), &d, now).await {
            Err(e) if e.is_unique_on("person") => return Err(duplicate_rnokpp(&code)),
            x => x?,
        };
        record(
            &mut tx,
            a,
            "employee.create",
            "employee",
            e.id,
            None,
            Some(employee_json(&d)),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(e)
    }

    pub async fn update_employee(
        &self,
        a: &FacilityActor<'_, ManageEmployees>,
        id: Uuid,
        d: EmployeeData,
    ) -> AppResult<Employee> {
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let before = employees::get(&mut tx, a.facility_id(), id)
            .await?
            .ok_or(AppError::NotFound("працівника"))?;
        let code = d.person_code.as_str().to_owned();
        if code != before.data.person_code.as_str() {
            if before.account_id.is_some() {
                return Err(AppError::conflict(
                    "person_linked",
                    "Працівник уже зареєструвався своїм КЕП: його ідентифікатор змінити не можна",
                ));
            }
            if employees::by_person_code(&mut tx, a.facility_id(), &code)
                .await?
                .is_some()
            {
                return Err(duplicate_rnokpp(&code));
            }
        }
        match employees::update(&mut tx, a.facility_id(), id, &d, now).await {
            Err(e) if e.is_unique_on("person") => return Err(duplicate_rnokpp(&code)),
            x => x?,
        }
        record(
            &mut tx,
            a,
            "employee.update",
            "employee",
            id,
            Some(employee_json(&before.data)),
            Some(employee_json(&d)),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(Employee {
            data: d,
            updated_at: now,
            ..before
        })
    }

    // ───────────── departments («Реєстр учасників») ─────────────

    pub async fn list_departments(
        &self,
        a: &FacilityActor<'_, ViewStructure>,
        after: Option<(String, Uuid)>,
        limit: i64,
    ) -> AppResult<Vec<Department>> {
        Ok(departments::list(&self.db, a.facility_id(), after, limit).await?)
    }

    /// Every department of the facility, by name (the tree of the pages), without the rest of
    /// the structure.
    pub async fn all_departments(
        &self,
        a: &FacilityActor<'_, ViewStructure>,
    ) -> AppResult<Vec<Department>> {
        Ok(departments::all(&self.db, a.facility_id()).await?)
    }

    pub async fn get_department(
        &self,
        a: &FacilityActor<'_, ViewStructure>,
        id: Uuid,
    ) -> AppResult<Department> {
        departments::get(&self.db, a.facility_id(), id)
            .await?
            .ok_or(AppError::NotFound("відділ"))
    }

    async fn check_department(
        &self,
        tx: &mut Tx,
        facility_id: Uuid,
        id: Option<Uuid>,
        d: &DepartmentData,
    ) -> AppResult<()> {
        if DepartmentType::parse(&d.dtype).is_none() {
            return Err(AppError::invalid(
                "type",
                "unknown_type",
                "Оберіть тип відділу з довідника",
            ));
        }
        let Some(parent) = d.parent_id else {
            return Ok(());
        };
        let all = departments::parents(tx, facility_id).await?;
        if !all.iter().any(|(i, _)| *i == parent) {
            return Err(AppError::invalid(
                "parent_id",
                "not_found",
                "Батьківський відділ не знайдено в закладі",
            ));
        }
        if let Some(id) = id {
            // Walk up from the new parent: meeting the department itself would make a cycle.
            let mut cur = Some(parent);
            let mut steps = 0;
            while let Some(c) = cur {
                if c == id || steps > all.len() {
                    return Err(AppError::invalid(
                        "parent_id",
                        "cycle",
                        "Відділ не може входити до самого себе чи до свого підрозділу",
                    ));
                }
                cur = all.iter().find(|(i, _)| *i == c).and_then(|(_, p)| *p);
                steps += 1;
            }
        }
        Ok(())
    }

    pub async fn create_department(
        &self,
        a: &FacilityActor<'_, ManageDepartments>,
        d: DepartmentData,
    ) -> AppResult<Department> {
        let now = self.now();
        let mut tx = self.db.begin().await?;
        self.check_department(&mut tx, a.facility_id(), None, &d)
            .await?;
        let dep = departments::insert(&mut tx, a.facility_id(), &d, now).await?;
        record(
            &mut tx,
            a,
            "department.create",
            "department",
            dep.id,
            None,
            Some(department_json(&d)),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(dep)
    }

    pub async fn update_department(
        &self,
        a: &FacilityActor<'_, ManageDepartments>,
        id: Uuid,
        d: DepartmentData,
    ) -> AppResult<Department> {
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let before = departments::get(&mut tx, a.facility_id(), id)
            .await?
            .ok_or(AppError::NotFound("відділ"))?;
        self.check_department(&mut tx, a.facility_id(), Some(id), &d)
            .await?;
        departments::update(&mut tx, a.facility_id(), id, &d, now).await?;
        record(
            &mut tx,
            a,
            "department.update",
            "department",
            id,
            Some(department_json(&before.data)),
            Some(department_json(&d)),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(Department {
            data: d,
            updated_at: now,
            ..before
        })
    }

    // ───────────── positions («Додати посаду») ─────────────

    pub async fn list_positions(
        &self,
        a: &FacilityActor<'_, ViewStructure>,
        department_id: Uuid,
        after: Option<(String, Uuid)>,
        limit: i64,
    ) -> AppResult<Vec<Position>> {
        departments::get(&self.db, a.facility_id(), department_id)
            .await?
            .ok_or(AppError::NotFound("відділ"))?;
        Ok(positions::list(&self.db, a.facility_id(), department_id, after, limit).await?)
    }

    pub async fn get_position(
        &self,
        a: &FacilityActor<'_, ViewStructure>,
        id: Uuid,
    ) -> AppResult<Position> {
        positions::get(&self.db, a.facility_id(), id)
            .await?
            .ok_or(AppError::NotFound("посаду"))
    }

    pub async fn create_position(
        &self,
        a: &FacilityActor<'_, ManagePositions>,
        department_id: Uuid,
        d: PositionData,
    ) -> AppResult<Position> {
        let now = self.now();
        let mut tx = self.db.begin().await?;
        departments::get(&mut tx, a.facility_id(), department_id)
            .await?
            .ok_or(AppError::NotFound("відділ"))?;
        let p = positions::insert(&mut tx, a.facility_id(), department_id, &d, now).await?;
        record(
            &mut tx,
            a,
            "position.create",
            "position",
            p.id,
            None,
            Some(position_json(department_id, &d)),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(p)
    }

    pub async fn update_position(
        &self,
        a: &FacilityActor<'_, ManagePositions>,
        id: Uuid,
        d: PositionData,
    ) -> AppResult<Position> {
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let before = positions::get(&mut tx, a.facility_id(), id)
            .await?
            .ok_or(AppError::NotFound("посаду"))?;
        positions::update(&mut tx, a.facility_id(), id, &d, now).await?;
        record(
            &mut tx,
            a,
            "position.update",
            "position",
            id,
            Some(position_json(before.department_id, &before.data)),
            Some(position_json(before.department_id, &d)),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(Position {
            data: d,
            updated_at: now,
            ..before
        })
    }

    // ───────────── assignments («Призначити працівника») and invitations ─────────────

    pub async fn position_assignments(
        &self,
        a: &FacilityActor<'_, ViewStructure>,
        position_id: Uuid,
    ) -> AppResult<Vec<Assignment>> {
        positions::get(&self.db, a.facility_id(), position_id)
            .await?
            .ok_or(AppError::NotFound("посаду"))?;
        Ok(assignments::of_position(&self.db, a.facility_id(), position_id).await?)
    }

    /// A new invitation link for an assignment (voiding the one before) and the letter carrying it.
    async fn invite(
        &self,
        tx: &mut Tx,
        a: &FacilityActor<'_, ManageAssignments>,
        assignment: &Assignment,
        now: DateTime<Utc>,
    ) -> AppResult<Invitation> {
        let e = employees::get(&mut *tx, a.facility_id(), assignment.data.employee_id)
            .await?
            .ok_or(AppError::NotFound("працівника"))?;
        let p = positions::get(&mut *tx, a.facility_id(), assignment.position_id)
            .await?
            .ok_or(AppError::NotFound("посаду"))?;
        let token = random_token();
        let expires_at = now + INVITATION_TTL;
        links::create(
            tx,
            &token,
            links::Kind::Invitation,
            a.facility_id(),
            e.data.person_code.as_str(),
            Some(assignment.id),
            expires_at,
            now,
        )
        .await?;
        let link = self.link_url(&token);
        let letter = invitation_letter(
            a.facility_id(),
            &a.facility().data.short_name,
            &e.data,
            &p.data.title,
            &link,
            expires_at,
        );
        outbox::enqueue(tx, &letter, now).await?;
        Ok(Invitation { link, expires_at })
    }

    pub async fn assign(
        &self,
        a: &FacilityActor<'_, ManageAssignments>,
        position_id: Uuid,
        d: AssignmentData,
    ) -> AppResult<(Assignment, Invitation)> {
        if AssignmentKind::parse(&d.kind).is_none() {
            return Err(AppError::invalid(
                "kind",
                "invalid_value",
                "Вид призначення: primary, secondary або acting",
            ));
        }
        let now = self.now();
        let mut tx = self.db.begin().await?;
        positions::get(&mut tx, a.facility_id(), position_id)
            .await?
            .ok_or(AppError::NotFound("посаду"))?;
        employees::get(&mut tx, a.facility_id(), d.employee_id)
            .await?
            .ok_or_else(|| {
                AppError::invalid(
                    "employee_id",
                    "not_found",
                    "Працівника не знайдено в закладі",
                )
            })?;
        let found = roles::by_ids(&mut tx, a.facility_id(), &d.role_ids).await?;
        if let Some((i, _)) = d
            .role_ids
            .iter()
            .enumerate()
            .find(|(_, id)| !found.iter().any(|r| r.id == **id))
        {
            return Err(AppError::invalid(
                format!("role_ids[{i}]"),
                "not_found",
                "Рольовий набір не знайдено в закладі",
            ));
        }
        let current = assignments::of_position(&mut tx, a.facility_id(), position_id).await?;
        if current
            .iter()
            .any(|x| x.data.employee_id == d.employee_id && x.status != Status::Ended)
        {
            return Err(AppError::conflict(
                "already_assigned",
                "Працівника вже призначено на цю посаду",
            ));
        }
        let assignment =
            assignments::insert(&mut tx, a.facility_id(), position_id, &d, now).await?;
        let inv = self.invite(&mut tx, a, &assignment, now).await?;
        let mut after = assignment_json(&assignment);
        after["invitation_expires_at"] = json!(inv.expires_at);
        record(
            &mut tx,
            a,
            "assignment.create",
            "assignment",
            assignment.id,
            None,
            Some(after),
            now,
        )
        .await?;
        tx.commit().await?;
        self.mail_queued.notify_one();
        Ok((assignment, inv))
    }

    /// A new invitation for an assignment not yet accepted; the old link stops working.
    pub async fn reinvite(
        &self,
        a: &FacilityActor<'_, ManageAssignments>,
        id: Uuid,
    ) -> AppResult<(Assignment, Invitation)> {
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let assignment = assignments::get(&mut tx, a.facility_id(), id)
            .await?
            .ok_or(AppError::NotFound("призначення"))?;
        match assignment.status {
            Status::Invited => {}
            Status::Active => {
                return Err(AppError::conflict(
                    "already_active",
                    "Працівник уже прийняв запрошення: нове не потрібне",
                ));
            }
            Status::Ended => {
                return Err(AppError::conflict(
                    "assignment_ended",
                    "Призначення завершено",
                ));
            }
        }
        let inv = self.invite(&mut tx, a, &assignment, now).await?;
        record(
            &mut tx,
            a,
            "assignment.reinvite",
            "assignment",
            id,
            None,
            Some(json!({"invitation_expires_at": inv.expires_at})),
            now,
        )
        .await?;
        tx.commit().await?;
        self.mail_queued.notify_one();
        Ok((assignment, inv))
    }

    /// End an assignment: its permissions stop at once (they are read on every request) and any
    /// live invitation for it is revoked.
    pub async fn end_assignment(
        &self,
        a: &FacilityActor<'_, ManageAssignments>,
        id: Uuid,
    ) -> AppResult<Assignment> {
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let before = assignments::get(&mut tx, a.facility_id(), id)
            .await?
            .ok_or(AppError::NotFound("призначення"))?;
        if before.status == Status::Ended
            || !assignments::transition(&mut tx, id, before.status, Status::Ended, now).await?
        {
            return Err(AppError::conflict(
                "assignment_ended",
                "Призначення вже завершено",
            ));
        }
        assignments::revoke_invitations(&mut tx, id, now).await?;
        record(
            &mut tx,
            a,
            "assignment.end",
            "assignment",
            id,
            Some(json!({"status": before.status.as_str()})),
            Some(json!({"status": "ended"})),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(Assignment {
            status: Status::Ended,
            ended_at: Some(now),
            ..before
        })
    }

    // ───────────── audit ─────────────

    pub async fn facility_audit(
        &self,
        a: &FacilityActor<'_, ViewAudit>,
        before_seq: Option<i64>,
        limit: i64,
    ) -> AppResult<Vec<audit::Record>> {
        Ok(audit::list(&self.db, Some(a.facility_id()), before_seq, limit).await?)
    }

    // ───────────── the whole structure, for the pages ─────────────

    /// Departments, positions and current assignments of the facility, with the employees and
    /// roles they name: what the organisational-structure page shows, in four queries.
    pub async fn structure(&self, a: &FacilityActor<'_, ViewStructure>) -> AppResult<Structure> {
        let f = a.facility_id();
        Ok(Structure {
            departments: departments::all(&self.db, f).await?,
            positions: positions::all(&self.db, f).await?,
            assignments: assignments::current(&self.db, f).await?,
        })
    }

    /// For the pages: when the live invitation of each of these (invited) assignments runs out;
    /// an assignment missing from the answer has no live link and waits for a new invitation.
    pub async fn invitation_deadlines(
        &self,
        a: &FacilityActor<'_, ViewStructure>,
        ids: &[Uuid],
    ) -> AppResult<std::collections::HashMap<Uuid, DateTime<Utc>>> {
        Ok(assignments::invitation_deadlines(&self.db, a.facility_id(), ids).await?)
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
        let Some(a) = assignments::get(&self.db, link.facility_id, id).await? else {
            return Ok(None);
        };
        let Some(p) = positions::get(&self.db, link.facility_id, a.position_id).await? else {
            return Ok(None);
        };
        let d = departments::get(&self.db, link.facility_id, p.department_id).await?;
        let e = employees::get(&self.db, link.facility_id, a.data.employee_id).await?;
        Ok(Some(InvitationInfo {
            position_title: p.data.title,
            department_name: d.map(|d| d.data.name).unwrap_or_default(),
            employee_name: e.map(|e| e.data.full_name()).unwrap_or_default(),
        }))
    }
}
