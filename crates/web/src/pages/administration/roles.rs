//! «Ролі користувачів»: the list of role sets and the form to make or edit one.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Form,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect},
};
use ekrov_app::{
    AppError,
    facility::{
        Access,
        grant::{ManageRoles, ViewRoles},
    },
};
use ekrov_domain::Permission;
use uuid::Uuid;

use crate::{
    AppState,
    api::admin::{RoleIn, parse_role},
    i18n::Lang,
    pages::{
        administration::shared::*, error::PageResult, form::*, frame::PageCtx, viewer::Viewer,
    },
};

pub struct RoleRow {
    pub id: String,
    pub name: String,
    pub description: String,
    pub permissions: Vec<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_roles.html")]
struct RolesPage {
    ctx: PageCtx,
    head: Head,
    rows: Vec<RoleRow>,
    can_manage: bool,
    fields: Vec<FieldView>,
    general: Option<String>,
    flash: Option<String>,
    /// The cursor of the next page of the list, if any.
    next: Option<String>,
    /// The role set the form edits; none for a new one.
    editing: Option<String>,
}

fn permission_options(lang: Lang) -> Vec<(String, String)> {
    Permission::all()
        .map(|p| {
            (
                p.code().to_owned(),
                format!(
                    "{} ({})",
                    if lang == Lang::En {
                        p.title_en()
                    } else {
                        p.title_uk()
                    },
                    p.code()
                ),
            )
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
async fn render_roles(
    s: &AppState,
    v: &Viewer,
    access: &Access,
    values: &FormData,
    errors: &[AppError],
    flash: Option<String>,
    cursor: Option<String>,
    editing: Option<Uuid>,
) -> PageResult {
    let p = v.require()?;
    let view = s
        .app
        .facility_actor::<ViewRoles>(p, access.facility.id)
        .await?;
    let mut roles = s
        .app
        .list_roles(&view, page_after(cursor), PAGE + 1)
        .await?;
    let next = next_page(&mut roles, |r| (r.created_at, r.id));
    // Editing: the form opens with the role set as it is, unless a refused submission is shown.
    let editing = editing.filter(|_| access.allows::<ManageRoles>());
    let current;
    let values = match editing {
        Some(id) if values.0.is_empty() => {
            let r = s.app.get_role(&view, id).await?;
            let mut f = vec![
                ("name".to_owned(), r.name.clone()),
                ("description".to_owned(), r.description.clone()),
            ];
            f.extend(
                r.permissions
                    .iter()
                    .map(|c| ("permissions".to_owned(), c.clone())),
            );
            current = FormData(f);
            &current
        }
        _ => values,
    };
    let ctx = v.ctx("facility");
    let tr = ctx.tr;
    let rows = roles
        .into_iter()
        .map(|r| RoleRow {
            id: r.id.to_string(),
            name: r.name,
            description: r.description,
            permissions: r
                .permissions
                .iter()
                .map(|c| {
                    Permission::parse(c)
                        .map(|p| {
                            if v.lang == Lang::En {
                                p.title_en()
                            } else {
                                p.title_uk()
                            }
                        })
                        .unwrap_or(c)
                        .to_owned()
                })
                .collect(),
        })
        .collect();
    let fields = vec![
        field(&tr, "name", "text", values, errors),
        field(&tr, "description", "text", values, errors),
        with_options(
            field(&tr, "permissions", "checkboxes", values, errors),
            permission_options(v.lang),
            &values.all("permissions"),
        ),
    ];
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((
        status,
        RolesPage {
            head: head(access, "roles"),
            rows,
            can_manage: access.allows::<ManageRoles>(),
            fields,
            general: general(errors),
            flash,
            next,
            editing: editing.map(|id| id.to_string()),
            ctx,
        },
    )
        .into_response())
}

pub(super) async fn roles_page(
    State(s): State<AppState>,
    v: Viewer,
    Path(fid): Path<String>,
    Query(q): Query<FlashQ>,
) -> PageResult {
    let a = actor::<ViewRoles>(&s, &v, &fid).await?;
    let editing = match q.edit.as_deref().map(str::parse::<Uuid>) {
        None => None,
        Some(Ok(id)) => Some(id),
        Some(Err(_)) => return Err(AppError::NotFound("рольовий набір").into()),
    };
    render_roles(
        &s,
        &v,
        a.access(),
        &FormData(vec![]),
        &[],
        saved(v.lang, q.flash),
        q.cursor,
        editing,
    )
    .await
}

pub(super) async fn roles_create(
    State(s): State<AppState>,
    v: Viewer,
    Path(fid): Path<String>,
    Form(f): Form<Vec<(String, String)>>,
) -> PageResult {
    let f = FormData(f);
    let a = csrf_actor::<ManageRoles>(&s, &v, &fid, &f).await?;
    let input = RoleIn {
        name: f.get("name"),
        description: Some(f.get("description")),
        permissions: f.all("permissions"),
    };
    let errors = match parse_role(&input) {
        Ok(r) => match s.app.create_role(&a, r).await {
            Ok(_) => {
                return Ok(
                    Redirect::to(&format!("/facility/{fid}/roles?flash=saved")).into_response()
                );
            }
            Err(e @ (AppError::Invalid { .. } | AppError::Conflict { .. })) => vec![e],
            Err(e) => return Err(e.into()),
        },
        Err(e) => e,
    };
    render_roles(&s, &v, a.access(), &f, &errors, None, None, None).await
}

/// The edit form of a role set, «Зберегти»: as the create form, errors beside the fields.
pub(super) async fn roles_update(
    State(s): State<AppState>,
    v: Viewer,
    Path((fid, id)): Path<(String, String)>,
    Form(f): Form<Vec<(String, String)>>,
) -> PageResult {
    let f = FormData(f);
    let a = csrf_actor::<ManageRoles>(&s, &v, &fid, &f).await?;
    let Ok(id) = id.parse::<Uuid>() else {
        return Err(AppError::NotFound("рольовий набір").into());
    };
    let input = RoleIn {
        name: f.get("name"),
        description: Some(f.get("description")),
        permissions: f.all("permissions"),
    };
    let errors = match parse_role(&input) {
        Ok(r) => match s.app.update_role(&a, id, r).await {
            Ok(_) => {
                return Ok(Redirect::to(&format!(
                    "/facility/{}/roles?flash=saved",
                    a.facility_id()
                ))
                .into_response());
            }
            Err(e @ (AppError::Invalid { .. } | AppError::Conflict { .. })) => vec![e],
            Err(e) => return Err(e.into()),
        },
        Err(e) => e,
    };
    render_roles(&s, &v, a.access(), &f, &errors, None, None, Some(id)).await
}
