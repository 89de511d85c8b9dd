//! The onboarding checklist: how far a facility has got through the seed's steps, computed from
//! its data (never stored, so it cannot drift) — for its administrator and, across every
//! facility, for the national operator.

pub mod fhir;

use chrono::{DateTime, Utc};
use ekrov_domain::plural::{plural_en, plural_uk};
use ekrov_store::{
    access::links,
    onboarding::{self as progress, Counts, OpenInvitation},
    registration::facilities::{self, Facility},
};
use std::collections::HashMap;
use uuid::Uuid;

use crate::{
    App, AppResult, Operator,
    facility::{FacilityActor, grant::ViewOnboarding},
};

/// One step of the seed, as the checklist names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepDef {
    pub code: &'static str,
    /// The seed's step number.
    pub seed_step: u8,
    pub title_uk: &'static str,
    pub title_en: &'static str,
    /// Counted in neither `done` nor `total` (the platelet agitator: only if the bank has one).
    pub optional: bool,
}

const fn step(
    code: &'static str,
    seed_step: u8,
    title_uk: &'static str,
    title_en: &'static str,
) -> StepDef {
    StepDef {
        code,
        seed_step,
        title_uk,
        title_en,
        optional: false,
    }
}

/// The steps in the seed's order.
pub const STEPS: &[StepDef] = &[
    step(
        "first_login",
        2,
        "Перший вхід адміністратора з КЕП",
        "The administrator's first login with КЕП",
    ),
    step(
        "role_set",
        4,
        "Рольовий набір для завідувача ЛБК («Ролі користувачів»)",
        "A role set for the head of the blood bank («Ролі користувачів»)",
    ),
    step(
        "employee",
        5,
        "Завідувач ЛБК або дублер доданий як працівник",
        "The head of the blood bank or a deputy added as an employee",
    ),
    step(
        "blood_bank_department",
        6,
        "Відділ «Лікарняний банк крові (ЛБК)» типу «Відділ логістики з центром управління запасами» («Реєстр учасників»)",
        "The blood-bank department of type «Відділ логістики з центром управління запасами» («Реєстр учасників»)",
    ),
    step(
        "position",
        7,
        "Посада в ЛБК («Додати посаду»)",
        "A position in the blood bank («Додати посаду»)",
    ),
    step(
        "assignment",
        8,
        "Працівника призначено на посаду в ЛБК («Призначити працівника»)",
        "An employee assigned to a blood-bank position («Призначити працівника»)",
    ),
    step(
        "invitation_accepted",
        9,
        "Запрошення прийнято: працівник завершив реєстрацію з КЕП",
        "An invitation accepted: the employee completed registration with КЕП",
    ),
    step(
        "workplace",
        10,
        "Робоче місце в ЛБК",
        "A workplace in the blood bank",
    ),
    step(
        "refrigerator",
        11,
        "Холодильник для зберігання крові (вкладка «Ресурси»)",
        "A blood refrigerator (the «Ресурси» tab)",
    ),
    step(
        "freezer",
        11,
        "Морозильна камера для плазми (вкладка «Ресурси»)",
        "A plasma freezer (the «Ресурси» tab)",
    ),
    StepDef {
        optional: true,
        ..step(
            "agitator",
            11,
            "Тромбоміксер (тромбошейкер), якщо є",
            "A platelet agitator, if the bank has one",
        )
    },
];

pub fn step_def(code: &str) -> Option<&'static StepDef> {
    STEPS.iter().find(|s| s.code == code)
}

#[derive(Debug, Clone)]
pub struct Step {
    pub def: &'static StepDef,
    pub done: bool,
    pub detail_uk: String,
    pub detail_en: String,
}

#[derive(Debug, Clone)]
pub struct Checklist {
    pub steps: Vec<Step>,
    pub counts: Counts,
    /// Required steps done, of `total`.
    pub done: u32,
    pub total: u32,
}

impl Checklist {
    pub fn from_counts(c: &Counts) -> Checklist {
        let n = |k: i64, one: &str, few: &str, many: &str| {
            format!("{k} {}", plural_uk(k, one, few, many))
        };
        let e = |k: i64, one: &str, other: &str| format!("{k} {}", plural_en(k, one, other));
        let steps: Vec<Step> = STEPS
            .iter()
            .map(|def| {
                let (done, uk, en) = match def.code {
                    "first_login" => (
                        c.first_login,
                        if c.first_login {
                            "виконано".into()
                        } else {
                            "очікує входу за посиланням з листа".into()
                        },
                        if c.first_login {
                            "done".into()
                        } else {
                            "waiting for the login through the letter's link".into()
                        },
                    ),
                    "role_set" => (
                        c.roles > 0,
                        n(
                            c.roles,
                            "рольовий набір",
                            "рольові набори",
                            "рольових наборів",
                        ),
                        e(c.roles, "role set", "role sets"),
                    ),
                    "employee" => (
                        c.employees > 0,
                        n(c.employees, "працівник", "працівники", "працівників"),
                        e(c.employees, "employee", "employees"),
                    ),
                    "blood_bank_department" => (
                        c.blood_bank_departments > 0,
                        n(c.blood_bank_departments, "відділ", "відділи", "відділів"),
                        e(c.blood_bank_departments, "department", "departments"),
                    ),
                    "position" => (
                        c.blood_bank_positions > 0,
                        n(c.blood_bank_positions, "посада", "посади", "посад"),
                        e(c.blood_bank_positions, "position", "positions"),
                    ),
                    "assignment" => (
                        c.blood_bank_assignments > 0,
                        n(
                            c.blood_bank_assignments,
                            "призначення",
                            "призначення",
                            "призначень",
                        ),
                        e(c.blood_bank_assignments, "assignment", "assignments"),
                    ),
                    "invitation_accepted" => (
                        c.blood_bank_active > 0,
                        format!(
                            "{}; {}",
                            n(c.blood_bank_active, "прийняте", "прийняті", "прийнятих"),
                            n(c.invitations_pending, "очікує", "очікують", "очікують"),
                        ),
                        format!(
                            "{} accepted; {} waiting",
                            c.blood_bank_active, c.invitations_pending
                        ),
                    ),
                    "workplace" => (
                        c.blood_bank_workplaces > 0,
                        n(
                            c.blood_bank_workplaces,
                            "робоче місце",
                            "робочі місця",
                            "робочих місць",
                        ),
                        e(c.blood_bank_workplaces, "workplace", "workplaces"),
                    ),
                    "refrigerator" => (
                        c.refrigerators > 0,
                        n(
                            c.refrigerators,
                            "холодильник",
                            "холодильники",
                            "холодильників",
                        ),
                        e(c.refrigerators, "refrigerator", "refrigerators"),
                    ),
                    "freezer" => (
                        c.freezers > 0,
                        n(
                            c.freezers,
                            "морозильна камера",
                            "морозильні камери",
                            "морозильних камер",
                        ),
                        e(c.freezers, "freezer", "freezers"),
                    ),
                    _ => (
                        c.agitators > 0,
                        n(
                            c.agitators,
                            "тромбоміксер",
                            "тромбоміксери",
                            "тромбоміксерів",
                        ),
                        e(c.agitators, "agitator", "agitators"),
                    ),
                };
                Step {
                    def,
                    done,
                    detail_uk: uk,
                    detail_en: en,
                }
            })
            .collect();
        let required = steps.iter().filter(|s| !s.def.optional);
        let total = required.clone().count() as u32;
        let done = required.filter(|s| s.done).count() as u32;
        Checklist {
            steps,
            counts: c.clone(),
            done,
            total,
        }
    }

    /// The first required step not done: what the administrator should do next.
    pub fn next(&self) -> Option<&Step> {
        self.steps.iter().find(|s| !s.def.optional && !s.done)
    }
    pub fn is_done(&self, code: &str) -> bool {
        self.steps.iter().any(|s| s.def.code == code && s.done)
    }
    pub fn percent(&self) -> u32 {
        (self.done * 100).checked_div(self.total).unwrap_or(100)
    }
}

/// Which facilities the national view lists.
#[derive(Debug, Clone, Default)]
pub struct NationalQuery {
    /// A region's Ukrainian name, as stored.
    pub region: Option<String>,
    /// Only facilities where this step is not done yet.
    pub missing_step: Option<&'static StepDef>,
    pub invitations: Option<InvitationFilter>,
    /// After this `(created_at, id)`, newest first.
    pub after: Option<(String, Uuid)>,
    /// None: all of them (the CSV export).
    pub limit: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvitationFilter {
    Pending,
    Expired,
}

/// A facility in the national view.
#[derive(Debug, Clone)]
pub struct FacilityProgress {
    pub facility: Facility,
    pub checklist: Checklist,
    /// The newest first-login link: its state and expiry.
    pub first_login_link: Option<(links::State, DateTime<Utc>)>,
}

impl App {
    /// The facility's checklist and its invitations still waiting for their employees.
    pub async fn onboarding(
        &self,
        a: &FacilityActor<'_, ViewOnboarding>,
    ) -> AppResult<(Checklist, Vec<OpenInvitation>)> {
        let now = self.now();
        let counts = progress::counts(&self.db, Some(&[a.facility_id()]), now)
            .await?
            .remove(&a.facility_id())
            .unwrap_or_default();
        let invitations = progress::open_invitations(&self.db, a.facility_id()).await?;
        Ok((Checklist::from_counts(&counts), invitations))
    }

    /// Every facility's progress, filtered: a fixed number of queries for any number of
    /// facilities (the counts are grouped, the links fetched in one go).
    pub async fn national_progress(
        &self,
        _op: &Operator<'_>,
        q: &NationalQuery,
    ) -> AppResult<Vec<FacilityProgress>> {
        let now = self.now();
        // Without a filter on the progress itself, the page is cut in SQL and only its
        // facilities are counted; with one, every facility of the region is looked at.
        let by_progress = q.missing_step.is_some() || q.invitations.is_some();
        let all = facilities::list(
            &self.db,
            &facilities::Filter {
                region: q.region.clone(),
                after: q.after.clone(),
                limit: match q.limit {
                    Some(l) if !by_progress => l,
                    _ => i64::MAX,
                },
            },
        )
        .await?;
        let mut counts = if by_progress || all.len() > 1000 {
            progress::counts(&self.db, None, now).await?
        } else {
            let ids: Vec<Uuid> = all.iter().map(|f| f.id).collect();
            progress::counts(&self.db, Some(&ids), now).await?
        };
        let mut keep: Vec<(Facility, Checklist)> = Vec::new();
        for f in all {
            let c = Checklist::from_counts(&counts.remove(&f.id).unwrap_or_default());
            if let Some(step) = q.missing_step
                && c.is_done(step.code)
            {
                continue;
            }
            match q.invitations {
                Some(InvitationFilter::Pending) if c.counts.invitations_pending == 0 => continue,
                Some(InvitationFilter::Expired) if c.counts.invitations_expired == 0 => continue,
                _ => {}
            }
            keep.push((f, c));
            if q.limit.is_some_and(|l| keep.len() as i64 >= l) {
                break;
            }
        }
        let ids: Vec<Uuid> = keep.iter().map(|(f, _)| f.id).collect();
        let mut latest: HashMap<Uuid, links::Link> =
            links::latest_of_facilities(&self.db, &ids, links::Kind::FirstLogin).await?;
        Ok(keep
            .into_iter()
            .map(|(f, checklist)| FacilityProgress {
                first_login_link: latest.remove(&f.id).map(|l| (l.state(now), l.expires_at)),
                facility: f,
                checklist,
            })
            .collect())
    }
}
