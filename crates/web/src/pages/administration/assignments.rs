//! An assignment: made from the registry's form, invited again, ended.

use axum::{
    Form,
    extract::{Path, State},
    response::{IntoResponse, Redirect},
};
use ekrov_app::{AppError, facility::grant::ManageAssignments};
use uuid::Uuid;

use super::structure::{Forms, Invite, Sel, render_structure};

use crate::{
    AppState,
    api::admin::{AssignmentIn, parse_assignment},
    pages::{administration::shared::*, error::PageResult, form::*, viewer::Viewer},
};

pub(super) async fn assignments_create(
    State(s): State<AppState>,
    v: Viewer,
    Path((fid, pos)): Path<(String, String)>,
    Form(f): Form<Vec<(String, String)>>,
) -> PageResult {
    let f = FormData(f);
    let a = csrf_actor::<ManageAssignments>(&s, &v, &fid, &f).await?;
    let Ok(pos_id) = pos.parse::<Uuid>() else {
        return Err(AppError::NotFound("посаду").into());
    };
    let dept = f.get("dept");
    let input = AssignmentIn {
        employee_id: f.get("employee_id"),
        role_ids: f.all("role_ids"),
        start_date: f.get("start_date"),
        order_number: f.get("order_number"),
        order_date: f.get("order_date"),
        kind: f.get("kind"),
    };
    let sel = Sel {
        dept: Some(dept),
        position: Some(pos_id.to_string()),
        ..Default::default()
    };
    let errors = match parse_assignment(&input) {
        Ok(d) => match s.app.assign(&a, pos_id, d).await {
            Ok((_, inv)) => {
                let invitation = Invite {
                    link: inv.link,
                    expires: inv.expires_at.format("%d.%m.%Y %H:%M UTC").to_string(),
                    renewed: false,
                };
                return render_structure(
                    &s,
                    &v,
                    a.access(),
                    "registry",
                    &sel,
                    Forms {
                        invitation: Some(invitation),
                        ..Default::default()
                    },
                )
                .await;
            }
            Err(e @ (AppError::Invalid { .. } | AppError::Conflict { .. })) => vec![e],
            Err(e) => return Err(e.into()),
        },
        Err(e) => e,
    };
    render_structure(
        &s,
        &v,
        a.access(),
        "registry",
        &sel,
        Forms {
            assign: Some((f, errors)),
            ..Default::default()
        },
    )
    .await
}

// ───────────── an assignment: a new invitation, the end ─────────────

/// Where the page was (the department and the position), from the form's hidden fields; only
/// well-formed ids are kept.
fn sel_from(f: &FormData) -> Sel {
    let id = |k: &str| f.get(k).parse::<Uuid>().ok().map(|u| u.to_string());
    Sel {
        dept: id("dept"),
        position: id("position"),
        ..Default::default()
    }
}

/// A new invitation for an assignment not yet accepted: the old link stops working and the new
/// one is shown with its copy button (and mailed).
pub(super) async fn assignment_reinvite(
    State(s): State<AppState>,
    v: Viewer,
    Path((fid, id)): Path<(String, String)>,
    Form(f): Form<Vec<(String, String)>>,
) -> PageResult {
    let f = FormData(f);
    let a = csrf_actor::<ManageAssignments>(&s, &v, &fid, &f).await?;
    let Ok(id) = id.parse::<Uuid>() else {
        return Err(AppError::NotFound("призначення").into());
    };
    let forms = match s.app.reinvite(&a, id).await {
        Ok((_, inv)) => Forms {
            invitation: Some(Invite {
                link: inv.link,
                expires: inv.expires_at.format("%d.%m.%Y %H:%M UTC").to_string(),
                renewed: true,
            }),
            ..Default::default()
        },
        Err(e @ AppError::Conflict { .. }) => Forms {
            problem: Some(e),
            ..Default::default()
        },
        Err(e) => return Err(e.into()),
    };
    render_structure(&s, &v, a.access(), "registry", &sel_from(&f), forms).await
}

/// End an assignment (after the confirmation on the page): its permissions stop at once.
pub(super) async fn assignment_end(
    State(s): State<AppState>,
    v: Viewer,
    Path((fid, id)): Path<(String, String)>,
    Form(f): Form<Vec<(String, String)>>,
) -> PageResult {
    let f = FormData(f);
    let a = csrf_actor::<ManageAssignments>(&s, &v, &fid, &f).await?;
    let Ok(id) = id.parse::<Uuid>() else {
        return Err(AppError::NotFound("призначення").into());
    };
    let sel = sel_from(&f);
    match s.app.end_assignment(&a, id).await {
        Ok(_) => {
            let mut to = format!("/facility/{}/registry?flash=ended", a.facility_id());
            if let Some(d) = &sel.dept {
                to.push_str(&format!("&dept={d}"));
            }
            if let Some(p) = &sel.position {
                to.push_str(&format!("&position={p}#position"));
            }
            Ok(Redirect::to(&to).into_response())
        }
        Err(e @ AppError::Conflict { .. }) => {
            let forms = Forms {
                problem: Some(e),
                ..Default::default()
            };
            render_structure(&s, &v, a.access(), "registry", &sel, forms).await
        }
        Err(e) => Err(e.into()),
    }
}
