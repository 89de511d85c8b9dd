//! What the administrator's pages share: the facility's head with its tabs, the actor a page
//! needs, keyset paging, the «Збережено.» notice.

use axum::{
    extract::State,
    response::{IntoResponse, Redirect},
};
use ekrov_app::{
    AppError,
    facility::{
        Access, FacilityActor, Grant,
        grant::{
            ManageAssignments, ManageDepartments, ManagePositions, ViewAudit, ViewEmployees,
            ViewRoles, ViewStructure,
        },
    },
};
use serde::Deserialize;
use uuid::Uuid;

use crate::{
    AppState,
    i18n::Lang,
    pages::{
        error::{PageError, PageResult},
        form::*,
        viewer::Viewer,
    },
};

// ───────────── the frame shared by the pages ─────────────

// ───────────── the frame shared by the pages ─────────────

pub struct Head {
    pub fid: String,
    pub facility: String,
    pub sub: &'static str,
    pub can_roles: bool,
    pub can_employees: bool,
    pub can_structure: bool,
    pub can_registry: bool,
    pub can_audit: bool,
    pub can_onboarding: bool,
}

pub(crate) fn head(access: &Access, sub: &'static str) -> Head {
    Head {
        fid: access.facility.id.to_string(),
        facility: access.facility.data.short_name.clone(),
        sub,
        can_roles: access.allows::<ViewRoles>(),
        can_employees: access.allows::<ViewEmployees>(),
        can_structure: access.allows::<ViewStructure>(),
        can_registry: access.allows::<ManageDepartments>()
            || access.allows::<ManagePositions>()
            || access.allows::<ManageAssignments>(),
        can_audit: access.allows::<ViewAudit>(),
        can_onboarding: access.allows::<ekrov_app::facility::grant::ViewOnboarding>(),
    }
}

pub(crate) fn fid_of(s: &str) -> Result<Uuid, PageError> {
    s.parse().map_err(|_| AppError::NotFound("заклад").into())
}

/// The viewer, the facility and the proof `G` a page needs, or the error page instead.
pub(crate) async fn actor<'v, G: Grant>(
    s: &AppState,
    v: &'v Viewer,
    fid: &str,
) -> Result<FacilityActor<'v, G>, PageError> {
    let p = v.require()?;
    let fid = fid_of(fid)?;
    Ok(s.app.facility_actor::<G>(p, fid).await?)
}

/// As `actor`, for a form: its CSRF token checked first.
pub(crate) async fn csrf_actor<'v, G: Grant>(
    s: &AppState,
    v: &'v Viewer,
    fid: &str,
    form: &FormData,
) -> Result<FacilityActor<'v, G>, PageError> {
    v.check_csrf(&form.csrf())?;
    actor(s, v, fid).await
}

pub(crate) fn lang_title(lang: Lang, uk: &'static str, en: &'static str) -> String {
    if lang == Lang::En { en } else { uk }.to_owned()
}

/// `/facility`: the first facility the person belongs to.
pub(crate) async fn facility_home(State(s): State<AppState>, v: Viewer) -> PageResult {
    let p = v.require()?;
    match s.app.memberships(p.account.id).await {
        Ok(m) if !m.is_empty() => {
            let a = &m[0];
            // The administrator, who sets the facility up, starts at the onboarding checklist;
            // everyone else (the head of the blood bank too) at «Організаційна структура».
            let sets_up = a.administrator;
            let page = if sets_up { "onboarding" } else { "structure" };
            Ok(Redirect::to(&format!("/facility/{}/{page}", a.facility_id)).into_response())
        }
        Ok(_) => Err(AppError::NotFound("заклад").into()),
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub(crate) struct FlashQ {
    pub(crate) flash: Option<String>,
    pub(crate) cursor: Option<String>,
    /// The id of the record to edit in the page's form.
    pub(crate) edit: Option<String>,
}

/// The keyset position a page link's `cursor` stands for; a spoilt cursor starts from the top.
pub(crate) fn page_after(cursor: Option<String>) -> Option<(String, Uuid)> {
    cursor.and_then(|c| {
        crate::api::PageQuery {
            limit: None,
            cursor: Some(c),
        }
        .cursor()
        .ok()
        .flatten()
    })
}

/// Cut a list read with `PAGE + 1` rows to `PAGE`; the cursor of the next page when there is one.
pub(crate) fn next_page<R>(
    list: &mut Vec<R>,
    key: impl Fn(&R) -> (chrono::DateTime<chrono::Utc>, Uuid),
) -> Option<String> {
    if list.len() as i64 <= PAGE {
        return None;
    }
    list.truncate(PAGE as usize);
    list.last().map(|r| {
        let (at, id) = key(r);
        crate::api::make_cursor(at, id)
    })
}

pub(crate) fn saved(lang: Lang, flash: Option<String>) -> Option<String> {
    match flash.as_deref() {
        Some("saved") => Some(lang_title(lang, "Збережено.", "Saved.")),
        Some("ended") => Some(lang_title(
            lang,
            "Призначення завершено: права доступу за ним відкликано.",
            "The assignment has ended: its permissions are withdrawn.",
        )),
        _ => None,
    }
}

/// Rows shown per page of a list (employees, role sets).
pub(crate) const PAGE: i64 = 200;
/// The most role sets offered as checkboxes in the assignment form.
pub(crate) const MAX_ROLES_OFFERED: i64 = 500;
