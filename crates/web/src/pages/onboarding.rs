//! The onboarding checklist: the administrator's first page (seed step 10).

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Router,
    extract::{Path, State},
    response::IntoResponse,
    routing::get,
};
use ekrov_app::administration::InvitationState;
use ekrov_app::facility::{
    FacilityActor,
    grant::{ManageAssignments, ViewStructure},
};
use ekrov_domain::DepartmentType;
use uuid::Uuid;

use crate::{
    AppState,
    i18n::Lang,
    pages::{
        administration::shared::*,
        error::{PageError, PageResult},
        frame::PageCtx,
        viewer::Viewer,
    },
};

use crate::pages::resources::t;
use ekrov_app::{facility::grant::ViewOnboarding, onboarding::Checklist};
use ekrov_domain::plural::plural_uk;

pub fn router() -> Router<AppState> {
    Router::new().route("/facility/{fid}/onboarding", get(onboarding_page))
}

pub struct StepRow {
    pub number: u8,
    pub title: &'static str,
    pub detail: String,
    pub done: bool,
    pub optional: bool,
    pub next: bool,
    pub href: Option<String>,
}

pub struct InvitationRow {
    pub assignment_id: String,
    pub employee: String,
    pub position: String,
    pub expires: String,
    pub expired: bool,
    pub left: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_onboarding.html")]
struct OnboardingPage {
    ctx: PageCtx,
    head: Head,
    title: String,
    steps: Vec<StepRow>,
    done: u32,
    total: u32,
    percent: u32,
    invitations: Vec<InvitationRow>,
    can_invite: bool,
}

/// Hours and minutes left, in words: «23 години 59 хвилин».
fn time_left(lang: Lang, minutes: i64) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    match lang {
        Lang::Uk => format!(
            "{h} {} {m} {}",
            plural_uk(h, "година", "години", "годин"),
            plural_uk(m, "хвилина", "хвилини", "хвилин")
        ),
        Lang::En => format!("{h} h {m} min"),
    }
}

/// The facility's blood bank (its logistics and inventory centre) for the checklist's links;
/// none while there is none, or for a viewer who may not see the structure.
async fn blood_bank_of(
    s: &AppState,
    a: &FacilityActor<'_, ViewOnboarding>,
) -> Result<Option<Uuid>, PageError> {
    if !a.access().allows::<ViewStructure>() {
        return Ok(None);
    }
    let view = s
        .app
        .facility_actor::<ViewStructure>(a.principal(), a.facility_id())
        .await?;
    Ok(s.app
        .all_departments(&view)
        .await?
        .into_iter()
        .find(|d| d.data.dtype == DepartmentType::LOGISTICS_INVENTORY_CENTER)
        .map(|d| d.id))
}

async fn onboarding_page(
    State(s): State<AppState>,
    v: Viewer,
    Path(fid): Path<String>,
) -> PageResult {
    let a = actor::<ViewOnboarding>(&s, &v, &fid).await?;
    let (c, invitations): (Checklist, _) = s.app.onboarding(&a).await?;
    let lang = v.lang;
    let f = a.facility_id();
    let lbk = blood_bank_of(&s, &a).await?;
    let registry = format!("/facility/{f}/registry");
    let lbk_page = |tab: &str| match lbk {
        Some(d) => format!("/facility/{f}/departments/{d}/{tab}"),
        None => registry.clone(),
    };
    let next = c.next().map(|s| s.def.code);
    let steps = c
        .steps
        .iter()
        .map(|st| StepRow {
            number: st.def.seed_step,
            title: t(lang, st.def.title_uk, st.def.title_en),
            detail: if lang == Lang::En {
                st.detail_en.clone()
            } else {
                st.detail_uk.clone()
            },
            done: st.done,
            optional: st.def.optional,
            next: Some(st.def.code) == next,
            href: match st.def.code {
                "first_login" => None,
                "role_set" => Some(format!("/facility/{f}/roles")),
                "employee" => Some(format!("/facility/{f}/employees")),
                "position" | "assignment" | "invitation_accepted" => Some(match lbk {
                    Some(d) => format!("{registry}?dept={d}#positions"),
                    None => registry.clone(),
                }),
                "workplace" => Some(lbk_page("workplaces")),
                "refrigerator" | "freezer" | "agitator" => Some(lbk_page("resources")),
                _ => Some(registry.clone()),
            },
        })
        .collect();
    let now = s.app.now();
    let invitations = invitations
        .into_iter()
        .map(|i| {
            let state = InvitationState::at(i.expires_at, now);
            InvitationRow {
                assignment_id: i.assignment_id.to_string(),
                employee: i.employee_name,
                position: i.position_title,
                expires: i.expires_at.format("%d.%m.%Y %H:%M UTC").to_string(),
                expired: state.expired,
                left: time_left(lang, state.minutes_left),
            }
        })
        .collect();
    let ctx = v.ctx("facility");
    Ok(OnboardingPage {
        title: ctx.tr.t("res_onboarding_title").to_owned(),
        head: head(a.access(), "onboarding"),
        can_invite: a.access().allows::<ManageAssignments>(),
        done: c.done,
        total: c.total,
        percent: c.percent(),
        steps,
        invitations,
        ctx,
    }
    .into_response())
}
