//! Who may do what in a facility: the one place where facility access is decided.
//!
//! Every facility use case takes a [`FacilityActor<G>`], which only [`App::facility_actor`] makes,
//! and only after it has established that the principal belongs to the facility (else 404: another
//! facility's ids are not confirmed to exist) and holds a permission the grant `G` accepts (else
//! 403). The administrator (`facilities.admin_account_id`) holds every permission of their
//! facility; anyone else holds exactly what the role sets of their *active* assignments grant —
//! read from the database on every request, so ending an assignment takes effect at once, also for
//! sessions already open.

use ekrov_domain::Permission;
use ekrov_store::{
    access::accounts::Account,
    administration::assignments::{self, Held},
    administration::employees,
    registration::facilities,
    registration::facilities::Facility,
};
use std::{collections::BTreeSet, marker::PhantomData};
use uuid::Uuid;

use crate::{App, AppError, AppResult, Principal};

/// A kind of access a use case needs: satisfied by any one of `ANY_OF`.
pub trait Grant {
    const ANY_OF: &'static [Permission];
}

macro_rules! grants {
    ($($(#[$doc:meta])* $name:ident => [$($p:ident),+];)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy)]
        pub struct $name;
        impl Grant for $name {
            const ANY_OF: &'static [Permission] = &[$(Permission::$p),+];
        }
    )*};
}

/// The grants of the administration use cases.
pub mod grant {
    use super::{Grant, Permission};

    grants! {
        /// Create, edit and delete role sets.
        ManageRoles => [RolesManage];
        /// See the role sets (also to pick them when assigning).
        ViewRoles => [RolesManage, AssignmentsManage];
        /// Add and edit employees.
        ManageEmployees => [EmployeesManage];
        /// See the employees (also to pick one when assigning).
        ViewEmployees => [EmployeesManage, AssignmentsManage];
        /// Create and edit departments.
        ManageDepartments => [DepartmentsManage];
        /// See the organisational structure: departments, positions, who holds them.
        ViewStructure => [DepartmentsManage, PositionsManage, AssignmentsManage, WorkplacesManage, EquipmentManage, EquipmentView];
        /// Create and edit positions.
        ManagePositions => [PositionsManage];
        /// Assign employees, (re)issue invitations, end assignments.
        ManageAssignments => [AssignmentsManage];
        /// Read the facility's audit log.
        ViewAudit => [AuditView];
        /// Create and edit workplaces.
        ManageWorkplaces => [WorkplacesManage];
        /// Create and edit equipment (from a department's «Ресурси» tab).
        ManageEquipment => [EquipmentManage];
        /// See the equipment of the facility's departments.
        ViewEquipment => [EquipmentManage, EquipmentView];
        /// See the onboarding checklist: whoever sets any part of the facility up.
        ViewOnboarding => [RolesManage, EmployeesManage, DepartmentsManage, PositionsManage, AssignmentsManage, WorkplacesManage, EquipmentManage];
        /// Record consignments and take units into stock by scan.
        ReceiveStock => [StockReceive];
        /// Issue units against requests (with the proposal), and take them back.
        IssueStock => [StockIssue];
        /// Discard units.
        DiscardStock => [StockDiscard];
        /// See what is in stock, a unit's trace, the journals.
        ViewStock => [StockView, StockReceive, StockIssue, StockDiscard];
        /// Enter a ward's request and the transfusion outcome.
        RecordTransfusion => [TransfusionRecord];
        /// See the request queue.
        ViewRequests => [StockIssue, TransfusionRecord, StockView];
    }
}

/// What a principal may do in a facility (not a proof: pages use it to show what may be done).
#[derive(Debug, Clone)]
pub struct Access {
    pub facility: Facility,
    pub administrator: bool,
    pub permissions: BTreeSet<Permission>,
}

impl Access {
    pub fn has(&self, p: Permission) -> bool {
        self.permissions.contains(&p)
    }
    pub fn allows<G: Grant>(&self) -> bool {
        G::ANY_OF.iter().any(|p| self.has(*p))
    }
}

/// Proof that the principal may act in this facility as `G` allows. Fields are private: only
/// [`App::facility_actor`] constructs one.
#[derive(Debug)]
pub struct FacilityActor<'a, G: Grant> {
    principal: &'a Principal,
    access: Access,
    _grant: PhantomData<G>,
}

impl<G: Grant> FacilityActor<'_, G> {
    pub fn principal(&self) -> &Principal {
        self.principal
    }
    pub fn facility(&self) -> &Facility {
        &self.access.facility
    }
    pub fn facility_id(&self) -> Uuid {
        self.access.facility.id
    }
    /// Whether patient data (name, record number, date of birth) may be shown to this actor: the
    /// one place that decides it, for the stock API, its journals and the trace.
    pub fn sees_patients(&self) -> bool {
        self.access.has(Permission::PatientsView)
    }
    pub fn access(&self) -> &Access {
        &self.access
    }
    pub fn audit_actor(&self) -> ekrov_store::audit::Actor {
        self.principal.audit_actor()
    }
}

/// A facility a person belongs to, as `/me` shows it.
#[derive(Debug, Clone)]
pub struct Membership {
    pub facility_id: Uuid,
    pub short_name: String,
    pub administrator: bool,
    /// Positions held through active assignments.
    pub positions: Vec<Held>,
    /// Permission codes, in catalogue order.
    pub permissions: Vec<&'static str>,
}

fn parse_codes(codes: Vec<String>) -> BTreeSet<Permission> {
    // A code no longer in the catalogue grants nothing.
    codes.iter().filter_map(|c| Permission::parse(c)).collect()
}

impl App {
    /// What `p` may do in the facility; 404 when the facility does not exist or `p` has nothing to
    /// do with it (administrator or employee with an account).
    pub async fn facility_access(&self, p: &Principal, facility_id: Uuid) -> AppResult<Access> {
        let not_found = AppError::NotFound("заклад");
        let facility = facilities::get(&self.db, facility_id)
            .await?
            .ok_or(not_found)?;
        if facility.admin_account_id == Some(p.account.id) {
            return Ok(Access {
                facility,
                administrator: true,
                permissions: Permission::all().collect(),
            });
        }
        if !employees::account_in_facility(&self.db, facility_id, p.account.id).await? {
            return Err(AppError::NotFound("заклад"));
        }
        let permissions = parse_codes(
            assignments::granted_permissions(&self.db, facility_id, p.account.id).await?,
        );
        Ok(Access {
            facility,
            administrator: false,
            permissions,
        })
    }

    /// The one permission check of facility use cases: 404 (not of this facility), then 403
    /// (no permission `G` accepts), else the proof the use case takes.
    pub async fn facility_actor<'a, G: Grant>(
        &self,
        p: &'a Principal,
        facility_id: Uuid,
    ) -> AppResult<FacilityActor<'a, G>> {
        let access = self.facility_access(p, facility_id).await?;
        if !access.allows::<G>() {
            let need: Vec<&str> = G::ANY_OF.iter().map(|p| p.code()).collect();
            return Err(AppError::forbidden(
                "permission_denied",
                format!("Недостатньо прав: потрібен дозвіл {}", need.join(" або ")),
            ));
        }
        Ok(FacilityActor {
            principal: p,
            access,
            _grant: PhantomData,
        })
    }

    /// The facilities an account belongs to, with what it may do there (for `/me`).
    pub async fn memberships(&self, account_id: Uuid) -> AppResult<Vec<Membership>> {
        let mut out: Vec<Membership> = Vec::new();
        for f in facilities::administered_by(&self.db, account_id).await? {
            out.push(Membership {
                facility_id: f.id,
                short_name: f.data.short_name,
                administrator: true,
                positions: Vec::new(),
                permissions: Permission::all().map(Permission::code).collect(),
            });
        }
        for facility_id in employees::facilities_of_account(&self.db, account_id).await? {
            let positions = assignments::held_positions(&self.db, facility_id, account_id).await?;
            if let Some(m) = out.iter_mut().find(|m| m.facility_id == facility_id) {
                m.positions = positions;
                continue;
            }
            let Some(f) = facilities::get(&self.db, facility_id).await? else {
                continue;
            };
            let perms = parse_codes(
                assignments::granted_permissions(&self.db, facility_id, account_id).await?,
            );
            out.push(Membership {
                facility_id,
                short_name: f.data.short_name,
                administrator: false,
                positions,
                permissions: perms.into_iter().map(Permission::code).collect(),
            });
        }
        out.sort_by(|a, b| {
            a.short_name
                .cmp(&b.short_name)
                .then(a.facility_id.cmp(&b.facility_id))
        });
        Ok(out)
    }

    /// Is the account anyone in any facility (administrator or an employee who has accepted an
    /// invitation)? Login lets such people in.
    pub async fn is_facility_person(&self, account_id: Uuid) -> AppResult<bool> {
        Ok(!facilities::administered_by(&self.db, account_id)
            .await?
            .is_empty()
            || !employees::facilities_of_account(&self.db, account_id)
                .await?
                .is_empty())
    }

    /// Complete an invitation inside the caller's transaction (the caller has verified the КЕП and
    /// used up the link): the signer's РНОКПП must be the employee's; the employee record is linked
    /// to the account and the assignment becomes active, so its roles take effect.
    pub async fn accept_invitation(
        &self,
        tx: &mut ekrov_store::Tx,
        link: &ekrov_store::access::links::Link,
        account: &Account,
    ) -> AppResult<()> {
        use ekrov_store::{
            access::links::Kind,
            administration::assignments::Status,
            audit::{self, Entry},
        };
        let now = self.now();
        if link.kind != Kind::Invitation {
            return Err(AppError::Internal(format!(
                "accept_invitation with a {} link",
                link.kind.as_str()
            )));
        }
        let gone = || AppError::Gone {
            code: "assignment_gone",
            message: "Призначення, до якого веде запрошення, не знайдено".into(),
        };
        let assignment_id = link.subject_id.ok_or_else(gone)?;
        let a = assignments::get(&mut *tx, link.facility_id, assignment_id)
            .await?
            .ok_or_else(gone)?;
        let e = employees::get(&mut *tx, link.facility_id, a.data.employee_id)
            .await?
            .ok_or_else(gone)?;
        if e.data.person_code.as_str() != account.rnokpp || link.rnokpp != account.rnokpp {
            return Err(AppError::forbidden(
                "signer_mismatch",
                "Цей ключ належить іншій особі: запрошення створено не для вас.",
            ));
        }
        if let Some(other) = e.account_id.filter(|id| *id != account.id) {
            return Err(AppError::Internal(format!(
                "employee {} is linked to another account {other}",
                e.id
            )));
        }
        match a.status {
            Status::Invited => {}
            Status::Active => {
                return Err(AppError::conflict("link_used", "Запрошення вже прийнято"));
            }
            Status::Ended => {
                return Err(AppError::Gone {
                    code: "assignment_ended",
                    message: "Призначення вже завершено: зверніться до адміністратора закладу"
                        .into(),
                });
            }
        }
        employees::set_account(tx, e.id, account.id, now).await?;
        if !assignments::transition(tx, a.id, Status::Invited, Status::Active, now).await? {
            return Err(AppError::conflict("link_used", "Запрошення вже прийнято"));
        }
        audit::append(
            tx,
            &ekrov_store::audit::Actor { id: Some(account.id), label: account.full_name() },
            Entry {
                facility_id: Some(link.facility_id),
                action: "assignment.activate",
                entity: "assignment",
                entity_id: a.id.to_string(),
                before: Some(serde_json::json!({"status": "invited"})),
                after: Some(serde_json::json!({"status": "active", "employee_id": e.id, "account_id": account.id})),
            },
            now,
        )
        .await?;
        Ok(())
    }
}
