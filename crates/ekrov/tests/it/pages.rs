//! The operator's pages over HTTP with a session cookie: Ukrainian first, English on request,
//! forms with CSRF and errors beside the fields. (The browser tests drive the same pages.)

use crate::common;

use common::{EDRPOU, TestApp, application, spawn_app};
use ekrov_store::Backend;

both_backends!(
    operator_pages_list_form_and_errors,
    forms_need_the_csrf_token,
    assignment_page_actions_invite_again_and_end,
    role_and_employee_edit_forms,
    onboarding_checklist_is_the_first_page,
    workplace_and_equipment_forms,
    no_create_buttons_without_the_permissions,
    my_resources_only_where_assigned,
    operator_sees_progress_filters_and_csv,
    a_failed_list_is_an_error_page_not_an_empty_one
);

async fn page(t: &TestApp, path: &str, cookie: &str) -> (u16, String) {
    let r = t
        .client
        .get(format!("{}{path}", t.url))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn form(
    t: &TestApp,
    path: &str,
    cookie: &str,
    fields: &[(&str, &str)],
) -> (u16, String, Option<String>) {
    let r = t
        .client
        .post(format!("{}{path}", t.url))
        .header("cookie", cookie)
        .form(fields)
        .send()
        .await
        .unwrap();
    let loc = r
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned());
    (r.status().as_u16(), r.text().await.unwrap(), loc)
}

async fn csrf_of(t: &TestApp, cookie: &str) -> String {
    let (_, html) = page(t, "/operator/applications", cookie).await;
    let at = html.find("name=\"csrf\" value=\"").expect("a csrf field") + 19;
    html[at..].split('"').next().unwrap().to_owned()
}

async fn operator_pages_list_form_and_errors(backend: Backend) {
    let t = spawn_app(backend).await;
    let token = t.operator_token().await;
    let cookie = format!("ekrov_session={token}");

    // Anonymous: to the login page, which offers the КЕП widget in Ukrainian.
    let r = t
        .client
        .get(format!("{}/operator/applications", t.url))
        .send()
        .await
        .unwrap();
    assert_eq!(
        (
            r.status().as_u16(),
            r.headers()["location"].to_str().unwrap()
        ),
        (303, "/login")
    );
    let (s, login) = page(&t, "/login", "").await;
    assert_eq!(s, 200);
    for label in [
        "Файловий носій",
        "Визначити автоматично",
        "Особистий ключ",
        "Пароль захисту ключа",
        "Зчитати",
        "/assets/kep-signer.js",
        "Сертифікат (якщо його немає у файлі ключа)",
        "id=\"kep-cert\"",
    ] {
        assert!(login.contains(label), "login page lacks {label}");
    }
    // The DSTU 4145 key readers load before the signer, in kep-login.js's order.
    let at = |s: &str| {
        login
            .find(s)
            .unwrap_or_else(|| panic!("login page lacks {s}"))
    };
    let order = [
        "/assets/kep-gost.js",
        "/assets/kep-dstu4145.js",
        "/assets/kep-dstu-keys.js",
        "/assets/kep-signer.js",
        "/assets/kep-login.js",
    ]
    .map(at);
    assert!(order.is_sorted(), "script order {order:?}");
    assert!(!login.contains("<script>"), "no inline script");

    // An overdue and a fresh application.
    let mut old = application(EDRPOU[0]);
    old["received_on"] = serde_json::json!("2026-10-01");
    t.post("/api/v1/applications", Some(&token), &old).await;
    t.post(
        "/api/v1/applications",
        Some(&token),
        &application(EDRPOU[1]),
    )
    .await;
    let (s, html) = page(&t, "/operator/applications", &cookie).await;
    assert_eq!(s, 200);
    assert!(html.contains("<html lang=\"uk\">"));
    assert!(
        html.contains("Заяви закладів охорони здоров"),
        "the page title"
    );
    assert!(html.contains("class=\"overdue\""), "overdue highlighted");
    assert!(html.contains("прострочено на"), "overdue by N working days");
    assert!(
        html.contains("залишилося 13 робочих днів"),
        "days left, with the Ukrainian plural"
    );
    assert!(html.contains("18.12.2026"));

    // English on request, remembered by a cookie.
    let r = t
        .client
        .get(format!("{}/lang/en?next=/operator/applications", t.url))
        .send()
        .await
        .unwrap();
    let set = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(set.starts_with("ekrov_lang=en"));
    let (_, en) = page(
        &t,
        "/operator/applications",
        &format!("{cookie}; ekrov_lang=en"),
    )
    .await;
    assert!(
        en.contains("<html lang=\"en\">")
            && en.contains("Facility applications")
            && en.contains("13 working days left")
    );
    // The language switch is no open redirect.
    let r = t
        .client
        .get(format!("{}/lang/en?next=//evil.example", t.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["location"], "/");

    // The form: errors beside the fields, what was typed kept, nothing written.
    let csrf = csrf_of(&t, &cookie).await;
    let before = t.count("applications").await;
    let (s, html, _) = form(
        &t,
        "/operator/applications/new",
        &cookie,
        &[
            ("csrf", &csrf),
            ("edrpou", "00012926"),
            ("full_name", "Лікарня №1"),
            ("short_name", ""),
            ("region", "Київська область"),
            ("admin_rnokpp", "3287301233"),
            ("admin_email", "bad@"),
        ],
    )
    .await;
    assert_eq!(s, 422);
    assert!(html.contains("Перевірте поля, позначені нижче."));
    assert!(
        html.contains("id=\"edrpou-error\""),
        "an error beside ЄДРПОУ"
    );
    assert!(html.contains("Контрольна цифра"), "the check-digit message");
    assert!(html.contains("id=\"short_name-error\""));
    assert!(html.contains("id=\"admin_email-error\""));
    assert!(
        !html.contains("id=\"admin_rnokpp-error\""),
        "a valid field has no error"
    );
    assert!(
        html.contains("value=\"Лікарня №1\""),
        "what was typed is kept"
    );
    assert!(html.contains("<option selected>Київська область</option>"));
    assert_eq!(t.count("applications").await, before);

    // A valid form is saved and lands on the list.
    let v = application(EDRPOU[2]);
    let g = |k: &str| v[k].as_str().unwrap().to_owned();
    let a = |k: &str| v["admin"][k].as_str().unwrap().to_owned();
    let fields = vec![
        ("csrf", csrf.clone()),
        ("edrpou", g("edrpou")),
        ("full_name", g("full_name")),
        ("short_name", "КНП «Третя»".into()),
        ("name_en", g("name_en")),
        ("address", g("address")),
        ("region", g("region")),
        ("head_name", g("head_name")),
        ("chief_accountant_name", g("chief_accountant_name")),
        ("provides_transfusion", "true".into()),
        ("received_on", "2026-11-30".into()),
        ("admin_surname", a("surname")),
        ("admin_given_name", a("given_name")),
        ("admin_patronymic", "".into()),
        ("admin_rnokpp", a("rnokpp")),
        ("admin_email", a("email")),
        ("admin_phone", "+380 (67) 123-45-67".into()),
    ];
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (s, _, loc) = form(&t, "/operator/applications/new", &cookie, &refs).await;
    assert_eq!(
        (s, loc.as_deref()),
        (303, Some("/operator/applications?flash=recorded"))
    );
    assert_eq!(t.count("applications").await, before + 1);
    let (_, html) = page(&t, "/operator/applications?flash=recorded", &cookie).await;
    assert!(html.contains("КНП «Третя»") && html.contains("Заяву збережено."));

    // Register from the page; the facility shows on the facilities page.
    let (_, list) = t
        .get("/api/v1/applications?status=received", Some(&token))
        .await;
    let item = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["short_name"] == "КНП «Третя»")
        .unwrap();
    let id = item["id"].as_str().unwrap().to_owned();
    let (s, _, loc) = form(
        &t,
        &format!("/operator/applications/{id}/register"),
        &cookie,
        &[("csrf", &csrf)],
    )
    .await;
    assert_eq!(
        (s, loc.as_deref()),
        (303, Some("/operator/applications?flash=registered"))
    );
    let (_, html) = page(&t, "/operator/facilities", &cookie).await;
    assert!(html.contains("КНП «Третя»") && html.contains("очікується"));
    t.stop().await;
}

async fn forms_need_the_csrf_token(backend: Backend) {
    let t = spawn_app(backend).await;
    let token = t.operator_token().await;
    let cookie = format!("ekrov_session={token}");
    let (_, a) = t
        .post(
            "/api/v1/applications",
            Some(&token),
            &application(EDRPOU[0]),
        )
        .await;
    let id = a["id"].as_str().unwrap();
    for csrf in ["", "forged"] {
        let (s, _, _) = form(
            &t,
            &format!("/operator/applications/{id}/register"),
            &cookie,
            &[("csrf", csrf)],
        )
        .await;
        assert_eq!(s, 403, "csrf {csrf:?}");
    }
    assert_eq!(t.count("facilities").await, 0);
    // The JSON API with a cookie needs the token in a header as well; with a bearer token it does not.
    let r = t
        .client
        .post(format!("{}/api/v1/applications/{id}/register", t.url))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
    let csrf = csrf_of(&t, &cookie).await;
    let r = t
        .client
        .post(format!("{}/api/v1/applications/{id}/register", t.url))
        .header("cookie", &cookie)
        .header("x-csrf-token", &csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    // Every response carries the security headers.
    let r = t
        .client
        .get(format!("{}/login", t.url))
        .send()
        .await
        .unwrap();
    let h = r.headers();
    assert!(
        h["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
    assert!(
        !h["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("unsafe-inline")
    );
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["referrer-policy"], "no-referrer");
    t.stop().await;
}

async fn link_state(t: &TestApp, link: &str) -> String {
    let token = link.rsplit('/').next().unwrap();
    t.get(&format!("/api/v1/links/{token}"), None).await.1["state"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn status_of(t: &TestApp, url: &str, token: &str) -> serde_json::Value {
    t.get(url, Some(token)).await.1["items"][0]["status"].clone()
}

/// The CSRF token in a page's first form.
fn csrf_in(html: &str) -> String {
    let at = html.find("name=\"csrf\" value=\"").expect("a csrf field") + 19;
    html[at..].split('"').next().unwrap().to_owned()
}

/// The position view on «Реєстр учасників»: an invitation's deadline, «прострочено» once it has
/// run out, «Запросити повторно» (the old link revoked, the new one shown with a copy button),
/// «Завершити призначення» with a confirmation; every form carries the CSRF token, and the
/// permission is the use case's.
async fn assignment_page_actions_invite_again_and_end(backend: Backend) {
    use common::{OrgSetup, PERSON_RNOKPP, assignment, employee};
    let t = spawn_app(backend).await;
    let (fid, admin) = t.facility_with_admin(0).await;
    let api = format!("/api/v1/facilities/{fid}");
    let org = OrgSetup::make(&t, &fid, &admin, &["equipment.view"]).await;
    let (_, e) = t
        .post(
            &format!("{api}/employees"),
            Some(&admin),
            &employee(PERSON_RNOKPP[0]),
        )
        .await;
    let (s, made) = t
        .post(
            &format!("{api}/positions/{}/assignments", org.position_id),
            Some(&admin),
            &assignment(e["id"].as_str().unwrap(), &[&org.role_id]),
        )
        .await;
    assert_eq!(s, 201, "{made}");
    let aid = made["assignment"]["id"].as_str().unwrap().to_owned();
    let first_link = made["invitation"]["link"].as_str().unwrap().to_owned();
    let view = format!(
        "/facility/{fid}/registry?dept={}&position={}",
        org.department_id, org.position_id
    );
    let cookie = format!("ekrov_session={admin}");
    let (s, html) = page(&t, &view, &cookie).await;
    assert_eq!(s, 200, "{html}");
    for text in [
        "Бондар Ольга Петрівна",
        "data-status=\"invited\"",
        "Запрошення дійсне до 02.12.2026 10:00 UTC",
        "Запросити повторно",
        "Завершити призначення",
        &format!("action=\"/facility/{fid}/assignments/{aid}/invitation\""),
    ] {
        assert!(html.contains(text), "{text}: {html}");
    }
    assert!(!html.contains("id=\"end-confirm\""), "no confirmation yet");

    // 24 hours and a minute on: «прострочено», and the button to invite again.
    t.clock.advance(chrono::Duration::minutes(24 * 60 + 1));
    let admin = t.admin_session(0).await;
    let cookie = format!("ekrov_session={admin}");
    let (s, html) = page(&t, &view, &cookie).await;
    assert_eq!(s, 200);
    assert!(
        html.contains("data-status=\"invited-expired\"")
            && html.contains("запрошення прострочено")
            && html.contains("Строк дії запрошення (24 години) минув")
            && html.contains("Запросити повторно"),
        "{html}"
    );
    assert!(!html.contains("Запрошення дійсне до"));
    assert_eq!(link_state(&t, &first_link).await, "expired");
    let csrf = csrf_in(&html);
    let reinvite = format!("/facility/{fid}/assignments/{aid}/invitation");
    let here = [
        ("dept", org.department_id.as_str()),
        ("position", org.position_id.as_str()),
    ];

    // Without the CSRF token: refused, nothing made.
    let links = t.count("links").await;
    let (s, _, _) = form(&t, &reinvite, &cookie, &here).await;
    assert_eq!(s, 403);
    assert_eq!(t.count("links").await, links);

    // «Запросити повторно»: a new link with the copy button; the old one revoked.
    let here_csrf = [
        ("csrf", csrf.as_str()),
        ("dept", org.department_id.as_str()),
        ("position", org.position_id.as_str()),
    ];
    let (s, html, _) = form(&t, &reinvite, &cookie, &here_csrf).await;
    assert_eq!(s, 200, "{html}");
    assert!(
        html.contains("Нове запрошувальне посилання сформовано")
            && html.contains("id=\"invitation-link\" value=\"http://ekrov.test/links/")
            && html.contains("data-copy=\"invitation-link\""),
        "{html}"
    );
    let at = html.find("id=\"invitation-link\" value=\"").unwrap() + 29;
    let new_link = html[at..].split('"').next().unwrap().to_owned();
    assert_ne!(new_link, first_link);
    assert_eq!(link_state(&t, &first_link).await, "revoked");
    assert_eq!(link_state(&t, &new_link).await, "valid");
    assert!(html.contains("data-status=\"invited\""), "{html}");
    assert_eq!(t.count("links").await, links + 1);

    // The same view in English, on request.
    let (s, html) = page(&t, &view, &format!("{cookie}; ekrov_lang=en")).await;
    assert_eq!(s, 200);
    assert!(
        html.contains("Invite again")
            && html.contains("End assignment")
            && html.contains("Invitation valid until"),
        "{html}"
    );

    // «Завершити призначення» asks first.
    let (s, html) = page(&t, &format!("{view}&end={aid}"), &cookie).await;
    assert_eq!(s, 200);
    assert!(
        html.contains("id=\"end-confirm\"")
            && html.contains("Завершити призначення?")
            && html.contains("Так, завершити")
            && html.contains("Скасувати")
            && html.contains(&format!("action=\"/facility/{fid}/assignments/{aid}/end\"")),
        "{html}"
    );
    let end = format!("/facility/{fid}/assignments/{aid}/end");
    let (s, _, _) = form(&t, &end, &cookie, &here).await;
    assert_eq!(s, 403, "no CSRF token, no ending");
    let positions_url = format!("{api}/positions/{}/assignments", org.position_id);
    assert_eq!(status_of(&t, &positions_url, &admin).await, "invited");
    let (s, _, loc) = form(&t, &end, &cookie, &here_csrf).await;
    assert_eq!(s, 303);
    let loc = loc.unwrap();
    assert!(
        loc.starts_with(&format!("/facility/{fid}/registry?flash=ended&dept=")),
        "{loc}"
    );
    assert_eq!(status_of(&t, &positions_url, &admin).await, "ended");
    assert_eq!(
        link_state(&t, &new_link).await,
        "revoked",
        "its link stops working"
    );
    let (s, html) = page(&t, &loc, &cookie).await;
    assert_eq!(s, 200);
    assert!(
        html.contains("Призначення завершено") && !html.contains("data-status=\"invited"),
        "{html}"
    );
    // Again: 409, said above the page.
    let (s, html, _) = form(&t, &end, &cookie, &here_csrf).await;
    assert_eq!(s, 409);
    assert!(html.contains("Призначення вже завершено"), "{html}");
    // Not an id: 404.
    let (s, _, _) = form(
        &t,
        &format!("/facility/{fid}/assignments/nope/end"),
        &cookie,
        &here_csrf,
    )
    .await;
    assert_eq!(s, 404);

    // An accepted invitation is not renewed (409, said on the page); and a person whose roles do
    // not include `assignments.manage` may not end anything (403, from the use case).
    let (member, active) = t
        .member(&fid, &admin, PERSON_RNOKPP[1], &["equipment.view"])
        .await;
    let (s, html, _) = form(
        &t,
        &format!("/facility/{fid}/assignments/{active}/invitation"),
        &cookie,
        &[("csrf", csrf.as_str())],
    )
    .await;
    assert_eq!(s, 409);
    assert!(html.contains("уже прийняв запрошення"), "{html}");
    let member_cookie = format!("ekrov_session={member}");
    let (_, html) = page(&t, &format!("/facility/{fid}/structure"), &member_cookie).await;
    let member_csrf = csrf_in(&html);
    let (s, _, _) = form(
        &t,
        &format!("/facility/{fid}/assignments/{active}/end"),
        &member_cookie,
        &[("csrf", member_csrf.as_str())],
    )
    .await;
    assert_eq!(s, 403);
    // The administrator of another facility learns nothing of this one: 404.
    let (other_fid, other) = t.facility_with_admin(1).await;
    let other_cookie = format!("ekrov_session={other}");
    let (_, html) = page(&t, &format!("/facility/{other_fid}/roles"), &other_cookie).await;
    let other_csrf = csrf_in(&html);
    for path in [
        format!("/facility/{fid}/assignments/{active}/end"),
        format!("/facility/{fid}/assignments/{active}/invitation"),
        format!("/facility/{other_fid}/assignments/{active}/end"),
    ] {
        let (s, _, _) = form(&t, &path, &other_cookie, &[("csrf", other_csrf.as_str())]).await;
        assert_eq!(s, 404, "{path}");
    }
    t.stop().await;
}

/// «Змінити» on «Ролі користувачів» and on the employees: the form opens with what is stored,
/// «Зберегти» writes it; a refusal shows the error beside the field, keeps what was typed, and
/// writes nothing.
async fn role_and_employee_edit_forms(backend: Backend) {
    use common::{PERSON_RNOKPP, employee};
    let t = spawn_app(backend).await;
    let (fid, admin) = t.facility_with_admin(0).await;
    let api = format!("/api/v1/facilities/{fid}");
    let cookie = format!("ekrov_session={admin}");
    let (s, role) = t
        .post(
            &format!("{api}/roles"),
            Some(&admin),
            &serde_json::json!({"name": "Завідувач ЛБК", "description": "для завідувача",
                "permissions": ["equipment.view"]}),
        )
        .await;
    assert_eq!(s, 201, "{role}");
    let rid = role["id"].as_str().unwrap().to_owned();

    let (s, html) = page(&t, &format!("/facility/{fid}/roles"), &cookie).await;
    assert_eq!(s, 200);
    assert!(
        html.contains(&format!(
            "href=\"/facility/{fid}/roles?edit={rid}#role-form\""
        )) && html.contains("Змінити"),
        "{html}"
    );
    let (s, html) = page(&t, &format!("/facility/{fid}/roles?edit={rid}"), &cookie).await;
    assert_eq!(s, 200);
    for text in [
        "Зміна рольового набору",
        &format!("action=\"/facility/{fid}/roles/{rid}\""),
        "value=\"Завідувач ЛБК\"",
        "value=\"для завідувача\"",
        "value=\"equipment.view\" checked",
        "Зберегти",
    ] {
        assert!(html.contains(text), "{text}: {html}");
    }
    let csrf = csrf_in(&html);
    let url = format!("/facility/{fid}/roles/{rid}");
    let (s, _, _) = form(&t, &url, &cookie, &[("name", "X")]).await;
    assert_eq!(s, 403, "no CSRF token");
    let (s, html, _) = form(
        &t,
        &url,
        &cookie,
        &[
            ("csrf", &csrf),
            ("name", ""),
            ("description", "змінений опис"),
            ("permissions", "audit.view"),
        ],
    )
    .await;
    assert_eq!(s, 422);
    assert!(
        html.contains("id=\"name-error\"")
            && html.contains("value=\"змінений опис\"")
            && html.contains("value=\"audit.view\" checked")
            && !html.contains("value=\"equipment.view\" checked")
            && html.contains(&format!("action=\"/facility/{fid}/roles/{rid}\"")),
        "the edit form again, with what was typed: {html}"
    );
    let (_, stored) = t.get(&format!("{api}/roles/{rid}"), Some(&admin)).await;
    assert_eq!(stored["name"], "Завідувач ЛБК", "nothing written");
    assert_eq!(stored["description"], "для завідувача");
    let (s, _, loc) = form(
        &t,
        &url,
        &cookie,
        &[
            ("csrf", &csrf),
            ("name", "Завідувач ЛБК і дублери"),
            ("description", "змінений опис"),
            ("permissions", "equipment.view"),
            ("permissions", "audit.view"),
        ],
    )
    .await;
    assert_eq!(s, 303);
    assert_eq!(loc.unwrap(), format!("/facility/{fid}/roles?flash=saved"));
    let (_, stored) = t.get(&format!("{api}/roles/{rid}"), Some(&admin)).await;
    assert_eq!(stored["name"], "Завідувач ЛБК і дублери");
    assert_eq!(
        stored["permissions"],
        serde_json::json!(["audit.view", "equipment.view"])
    );
    let (s, _) = page(&t, &format!("/facility/{fid}/roles?edit=nope"), &cookie).await;
    assert_eq!(s, 404);

    // Employees.
    let (_, e1) = t
        .post(
            &format!("{api}/employees"),
            Some(&admin),
            &employee(PERSON_RNOKPP[0]),
        )
        .await;
    let (_, e2) = t
        .post(
            &format!("{api}/employees"),
            Some(&admin),
            &employee(PERSON_RNOKPP[1]),
        )
        .await;
    let eid = e2["id"].as_str().unwrap().to_owned();
    assert!(e1["id"].is_string(), "{e1}");
    let (s, html) = page(
        &t,
        &format!("/facility/{fid}/employees?edit={eid}"),
        &cookie,
    )
    .await;
    assert_eq!(s, 200);
    for text in [
        "Зміна даних працівника",
        &format!("action=\"/facility/{fid}/employees/{eid}\""),
        "value=\"Бондар\"",
        "value=\"Петрівна\"",
        &format!("value=\"{}\"", PERSON_RNOKPP[1]),
    ] {
        assert!(html.contains(text), "{text}: {html}");
    }
    let url = format!("/facility/{fid}/employees/{eid}");
    let mut person = vec![
        ("csrf", csrf.as_str()),
        ("surname", "Бондаренко"),
        ("given_name", "Ольга"),
        ("patronymic", "Петрівна"),
        ("rnokpp", PERSON_RNOKPP[1]),
        ("email", "bad@"),
        ("phone", "050 111 22 33"),
    ];
    let (s, html, _) = form(&t, &url, &cookie, &person).await;
    assert_eq!(s, 422);
    assert!(
        html.contains("id=\"email-error\"") && html.contains("value=\"Бондаренко\""),
        "{html}"
    );
    // Someone else's РНОКПП: beside the field.
    person[5].1 = "olha@okl.example.ua";
    person[4].1 = PERSON_RNOKPP[0];
    let (s, html, _) = form(&t, &url, &cookie, &person).await;
    assert_eq!(s, 422);
    assert!(html.contains("id=\"rnokpp-error\""), "{html}");
    let (_, stored) = t.get(&format!("{api}/employees/{eid}"), Some(&admin)).await;
    assert_eq!(stored["surname"], "Бондар", "nothing written: {stored}");
    person[4].1 = PERSON_RNOKPP[1];
    let (s, _, loc) = form(&t, &url, &cookie, &person).await;
    assert_eq!(s, 303);
    assert_eq!(
        loc.unwrap(),
        format!("/facility/{fid}/employees?flash=saved")
    );
    let (_, stored) = t.get(&format!("{api}/employees/{eid}"), Some(&admin)).await;
    assert_eq!(stored["surname"], "Бондаренко", "{stored}");
    assert_eq!(stored["email"], "olha@okl.example.ua", "{stored}");
    // The administrator of another facility: 404 on both, nothing written.
    let (other_fid, other) = t.facility_with_admin(1).await;
    let other_cookie = format!("ekrov_session={other}");
    let (_, html) = page(&t, &format!("/facility/{other_fid}/roles"), &other_cookie).await;
    let other_csrf = csrf_in(&html);
    let (s, _, _) = form(
        &t,
        &format!("/facility/{fid}/roles/{rid}"),
        &other_cookie,
        &[("csrf", other_csrf.as_str()), ("name", "чужий")],
    )
    .await;
    assert_eq!(s, 404);
    person[0].1 = other_csrf.as_str();
    person[1].1 = "Чужий";
    let (s, _, _) = form(&t, &url, &other_cookie, &person).await;
    assert_eq!(s, 404);
    let (_, stored) = t.get(&format!("{api}/employees/{eid}"), Some(&admin)).await;
    assert_eq!(stored["surname"], "Бондаренко", "{stored}");
    let (s, html) = page(
        &t,
        &format!("/facility/{fid}/roles?edit={rid}"),
        &other_cookie,
    )
    .await;
    assert_eq!(s, 404, "{html}");
    t.stop().await;
}

// ───────────── seed steps 10–12: the checklist, «Робочі місця», «Ресурси», «Мої ресурси» ─────────────

/// The checklist is the administrator's first page: the steps, the count, pending invitations
/// with the time left, expired ones with «Запросити повторно»; in English on request.
async fn onboarding_checklist_is_the_first_page(backend: Backend) {
    use common::{OrgSetup, PERSON_RNOKPP, assignment, employee};
    let t = spawn_app(backend).await;
    let (fid, admin) = t.facility_with_admin(0).await;
    let cookie = format!("ekrov_session={admin}");
    let onboarding = format!("/facility/{fid}/onboarding");

    // `/facility` (where the login lands) sends the administrator to the checklist.
    let r = t
        .client
        .get(format!("{}/facility", t.url))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(r.headers()["location"].to_str().unwrap(), onboarding);

    let (s, html) = page(&t, &onboarding, &cookie).await;
    assert_eq!(s, 200, "{html}");
    for text in [
        "Підключення закладу до єКров",
        "Перший вхід адміністратора з КЕП",
        "Рольовий набір для завідувача ЛБК («Ролі користувачів»)",
        "Завідувач ЛБК або дублер доданий як працівник",
        "Відділ логістики з центром управління запасами",
        "Посада в ЛБК («Додати посаду»)",
        "Призначити працівника",
        "Запрошення прийнято",
        "Робоче місце в ЛБК",
        "Холодильник для зберігання крові (вкладка «Ресурси»)",
        "Морозильна камера для плазми (вкладка «Ресурси»)",
        "Тромбоміксер (тромбошейкер), якщо є",
        "за наявності",
        "id=\"onboarding-count\">1 / 10</strong> (10%)",
        "Немає запрошень, що очікують.",
    ] {
        assert!(html.contains(text), "{text}: {html}");
    }
    assert_eq!(
        html.matches("data-step=").count(),
        11,
        "ten steps and the agitator"
    );
    // What is next, with a link straight to it: the role sets.
    let next = html.split("class=\"next\"").nth(1).expect("a next step");
    let next = next.split("</li>").next().unwrap();
    assert!(
        next.contains("Рольовий набір")
            && next.contains(&format!("href=\"/facility/{fid}/roles\""))
            && next.contains("Перейти"),
        "{next}"
    );

    // Steps 4–8 through the API: 6 of 10, an invitation waiting with its time left.
    let org = OrgSetup::make(&t, &fid, &admin, &["equipment.view"]).await;
    let api = format!("/api/v1/facilities/{fid}");
    let (_, e) = t
        .post(
            &format!("{api}/employees"),
            Some(&admin),
            &employee(PERSON_RNOKPP[0]),
        )
        .await;
    let (s, made) = t
        .post(
            &format!("{api}/positions/{}/assignments", org.position_id),
            Some(&admin),
            &assignment(e["id"].as_str().unwrap(), &[&org.role_id]),
        )
        .await;
    assert_eq!(s, 201, "{made}");
    let aid = made["assignment"]["id"].as_str().unwrap().to_owned();
    t.clock.advance(chrono::Duration::minutes(61));
    let (_, html) = page(&t, &onboarding, &cookie).await;
    assert!(
        html.contains("id=\"onboarding-count\">6 / 10</strong> (60%)"),
        "{html}"
    );
    for text in [
        "Бондар Ольга Петрівна",
        "Завідувач лікарняного банку крові",
        "залишилося 22 години 59 хвилин",
        "до 02.12.2026 10:00 UTC",
    ] {
        assert!(html.contains(text), "{text}: {html}");
    }
    // The workplace step links to the department's «Робочі місця» once the blood bank exists.
    assert!(
        html.contains(&format!(
            "href=\"/facility/{fid}/departments/{}/workplaces\"",
            org.department_id
        )),
        "{html}"
    );

    // A day and a minute after it was made: expired, with the button to invite again.
    t.clock.advance(chrono::Duration::minutes(23 * 60));
    let admin = t.admin_session(0).await;
    let cookie = format!("ekrov_session={admin}");
    let (s, html) = page(&t, &onboarding, &cookie).await;
    assert_eq!(s, 200);
    let inv = html.split("id=\"invitations\"").nth(1).unwrap();
    assert!(
        inv.contains("Бондар Ольга Петрівна")
            && inv.contains("class=\"overdue\"")
            && inv.contains("прострочено")
            && inv.contains("Запросити повторно")
            && inv.contains(&format!(
                "action=\"/facility/{fid}/assignments/{aid}/invitation\""
            ))
            && inv.contains("name=\"csrf\""),
        "{inv}"
    );
    assert!(!inv.contains("залишилося"), "{inv}");
    // The button works from here: a new link, shown with its copy button.
    let (s, html, _) = form(
        &t,
        &format!("/facility/{fid}/assignments/{aid}/invitation"),
        &cookie,
        &[("csrf", &csrf_in(inv))],
    )
    .await;
    assert_eq!(s, 200, "{html}");
    assert!(
        html.contains("Нове запрошувальне посилання сформовано")
            && html.contains("data-copy=\"invitation-link\""),
        "{html}"
    );
    let (_, html) = page(&t, &onboarding, &cookie).await;
    assert!(html.contains("залишилося 24 години 0 хвилин"), "{html}");

    // In English.
    let (s, en) = page(&t, &onboarding, &format!("{cookie}; ekrov_lang=en")).await;
    assert_eq!(s, 200);
    for text in [
        "<html lang=\"en\">",
        "Onboarding the facility to eKrov",
        "first login with КЕП",
        "A workplace in the blood bank",
        "6 / 10",
        "Invite again",
    ] {
        assert!(en.contains(text), "{text}: {en}");
    }
    assert!(!en.contains("Підключення закладу"), "{en}");

    // The head of the blood bank, who also manages workplaces and equipment, is no
    // administrator: `/facility` sends them to «Організаційна структура».
    let (head, _) = t
        .member(
            &fid,
            &admin,
            PERSON_RNOKPP[1],
            &["workplaces.manage", "equipment.manage"],
        )
        .await;
    let r = t
        .client
        .get(format!("{}/facility", t.url))
        .header("cookie", format!("ekrov_session={head}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(
        r.headers()["location"].to_str().unwrap(),
        format!("/facility/{fid}/structure")
    );
    t.stop().await;
}

/// The department's «Робочі місця» and «Ресурси» tabs: an empty «Інвентарний номер» is a 422
/// telling to type «відсутній», beside the field, with what was typed kept; a plasma freezer at
/// +4 °C refused beside `temp_max_c`; without the CSRF token a 403; nothing written by any of them.
async fn workplace_and_equipment_forms(backend: Backend) {
    use common::OrgSetup;
    let t = spawn_app(backend).await;
    let (fid, admin) = t.facility_with_admin(0).await;
    let cookie = format!("ekrov_session={admin}");
    let org = OrgSetup::make(&t, &fid, &admin, &[]).await;
    let dep = &org.department_id;
    let workplaces = format!("/facility/{fid}/departments/{dep}/workplaces");
    let resources = format!("/facility/{fid}/departments/{dep}/resources");

    // The structure page with the department selected has the three tabs.
    let (s, html) = page(
        &t,
        &format!("/facility/{fid}/structure?dept={dep}"),
        &cookie,
    )
    .await;
    assert_eq!(s, 200, "{html}");
    for text in [
        "class=\"tabs\"",
        ">Посади</a>",
        &format!("href=\"{workplaces}\">Робочі місця</a>"),
        &format!("href=\"{resources}\">Ресурси</a>"),
    ] {
        assert!(html.contains(text), "{text}: {html}");
    }

    // «Робочі місця»: the button, then the form with the hint about «відсутній».
    let (s, html) = page(&t, &workplaces, &cookie).await;
    assert_eq!(s, 200, "{html}");
    assert!(html.contains("+ Створити робоче місце") && html.contains("Робочих місць ще немає."));
    let (_, html) = page(&t, &format!("{workplaces}?form=workplace"), &cookie).await;
    assert!(
        html.contains("Нове робоче місце")
            && html.contains("<label for=\"inventory_number\">Інвентарний номер</label>")
            && html.contains("«відсутній»")
            && html.contains(">Зберегти</button>"),
        "{html}"
    );
    let csrf = csrf_in(&html);

    // An empty «Інвентарний номер»: 422, the message beside the field, the name kept.
    let (s, html, _) = form(
        &t,
        &workplaces,
        &cookie,
        &[
            ("csrf", &csrf),
            ("name", "Робоче місце завідувача ЛБК"),
            ("room", "каб. 12"),
            ("inventory_number", ""),
        ],
    )
    .await;
    assert_eq!(s, 422, "{html}");
    let err = html
        .split("id=\"inventory_number-error\">")
        .nth(1)
        .expect("the error beside «Інвентарний номер»");
    let err = err.split("</span>").next().unwrap();
    assert!(err.contains("«відсутній»"), "{err}");
    assert!(
        html.contains("value=\"Робоче місце завідувача ЛБК\"")
            && html.contains("value=\"каб. 12\""),
        "typed values kept: {html}"
    );
    assert!(html.contains("aria-invalid=\"true\" aria-describedby=\"inventory_number-error\""));
    assert_eq!(t.count("workplaces").await, 0);

    // Without the CSRF token: 403, nothing written.
    let (s, _, _) = form(
        &t,
        &workplaces,
        &cookie,
        &[("name", "Робоче місце"), ("inventory_number", "відсутній")],
    )
    .await;
    assert_eq!(s, 403);
    assert_eq!(t.count("workplaces").await, 0);

    // «ВІДСУТНІЙ» in any case: saved as «відсутній».
    let (s, _, loc) = form(
        &t,
        &workplaces,
        &cookie,
        &[
            ("csrf", &csrf),
            ("name", "Робоче місце завідувача ЛБК"),
            ("room", "каб. 12"),
            ("inventory_number", "ВІДСУТНІЙ"),
        ],
    )
    .await;
    assert_eq!(s, 303);
    assert_eq!(loc.unwrap(), format!("{workplaces}?flash=saved"));
    assert_eq!(t.count("workplaces").await, 1);
    let (_, html) = page(&t, &format!("{workplaces}?flash=saved"), &cookie).await;
    assert!(
        html.contains("Збережено.")
            && html.contains("Робоче місце завідувача ЛБК")
            && html.contains("<span class=\"muted\">відсутній</span>"),
        "{html}"
    );

    // «Ресурси»: «+ Створити обладнання», the form with the kinds and their ranges.
    let (s, html) = page(&t, &resources, &cookie).await;
    assert_eq!(s, 200, "{html}");
    assert!(html.contains("+ Створити обладнання") && html.contains("Обладнання ще не внесено."));
    let (_, html) = page(&t, &format!("{resources}?form=equipment"), &cookie).await;
    for text in [
        "Нове обладнання",
        "<label for=\"kind\">Вид обладнання</label>",
        "Холодильник для зберігання крові та її компонентів (+2 … +6 °C)",
        "Морозильна камера (−40 … −25 °C)",
        "Тромбоміксер (тромбошейкер)",
        "<label for=\"temp_max_c\">",
        "Наступна метрологічна повірка",
        "Робоче місце завідувача ЛБК",
    ] {
        assert!(html.contains(text), "{text}: {html}");
    }
    let freezer_at_4 = [
        ("csrf", csrf.as_str()),
        ("kind", "plasma_freezer"),
        ("name", "Морозильна камера ЛБК"),
        ("manufacturer", "Haier"),
        ("model", "DW-40L262"),
        ("serial_number", "HR-262-007"),
        ("inventory_number", "відсутній"),
        ("temp_min_c", "+2"),
        ("temp_max_c", "+4"),
        ("status", "in_service"),
    ];
    let (s, html, _) = form(&t, &resources, &cookie, &freezer_at_4).await;
    assert_eq!(s, 422, "{html}");
    let err = html
        .split("id=\"temp_max_c-error\">")
        .nth(1)
        .expect("the reason beside temp_max_c");
    let err = err.split("</span>").next().unwrap();
    assert!(
        err.contains("Морозильна камера") && err.contains("−18 °C"),
        "{err}"
    );
    for kept in [
        "id=\"temp_max_c\" name=\"temp_max_c\" value=\"+4\"",
        "value=\"HR-262-007\"",
        "value=\"Haier\"",
        "<option value=\"plasma_freezer\" selected>",
    ] {
        assert!(html.contains(kept), "{kept} kept: {html}");
    }
    assert_eq!(t.count("equipment").await, 0);

    // Without the CSRF token (a valid freezer): 403, nothing written.
    let mut ok_freezer = freezer_at_4.to_vec();
    ok_freezer.retain(|(k, _)| !k.starts_with("temp_"));
    ok_freezer.extend([("temp_min_c", "−40"), ("temp_max_c", "-30")]);
    let (s, _, _) = form(&t, &resources, &cookie, &ok_freezer[1..]).await;
    assert_eq!(s, 403);
    assert_eq!(t.count("equipment").await, 0);

    // With it: saved, listed with its range.
    let (s, html, loc) = form(&t, &resources, &cookie, &ok_freezer).await;
    assert_eq!(s, 303, "{html}");
    assert_eq!(loc.unwrap(), format!("{resources}?flash=saved"));
    assert_eq!(t.count("equipment").await, 1);
    let (_, html) = page(&t, &format!("{resources}?flash=saved"), &cookie).await;
    assert!(
        html.contains("Збережено.")
            && html.contains("Морозильна камера ЛБК")
            && html.contains("Haier DW-40L262")
            && html.contains("−40 … −30 °C"),
        "{html}"
    );

    // In English.
    let en = format!("{cookie}; ekrov_lang=en");
    let (_, html) = page(&t, &resources, &en).await;
    for text in [
        "<html lang=\"en\">",
        ">Resources</a>",
        "+ Create equipment",
        "Plasma freezer",
    ] {
        assert!(html.contains(text), "{text}: {html}");
    }
    let (_, html) = page(&t, &format!("{workplaces}?form=workplace"), &en).await;
    for text in [
        "New workplace",
        "Inventory number",
        "Workplaces",
        ">Save</button>",
    ] {
        assert!(html.contains(text), "{text}: {html}");
    }
    assert!(html.contains("New workplace") && !html.contains("Нове робоче місце"));
    t.stop().await;
}

/// A person with `equipment.view` only sees the tabs but no create buttons, and the POSTs are 403.
async fn no_create_buttons_without_the_permissions(backend: Backend) {
    use common::{OrgSetup, PERSON_RNOKPP};
    let t = spawn_app(backend).await;
    let (fid, admin) = t.facility_with_admin(0).await;
    let org = OrgSetup::make(&t, &fid, &admin, &[]).await;
    let dep = &org.department_id;
    let (token, _) = t
        .member(&fid, &admin, PERSON_RNOKPP[0], &["equipment.view"])
        .await;
    let cookie = format!("ekrov_session={token}");
    let workplaces = format!("/facility/{fid}/departments/{dep}/workplaces");
    let resources = format!("/facility/{fid}/departments/{dep}/resources");
    let (s, html) = page(&t, &resources, &cookie).await;
    assert_eq!(s, 200, "{html}");
    assert!(html.contains("Обладнання ще не внесено."), "{html}");
    assert!(!html.contains("+ Створити обладнання"), "{html}");
    let (_, html) = page(&t, &format!("{resources}?form=equipment"), &cookie).await;
    assert!(!html.contains("Нове обладнання") && !html.contains("id=\"equipment-form\""));
    let (s, html) = page(&t, &format!("{workplaces}?form=workplace"), &cookie).await;
    assert_eq!(s, 200, "{html}");
    assert!(!html.contains("+ Створити робоче місце") && !html.contains("id=\"workplace-form\""));
    let csrf = csrf_in(&html);
    let (s, _, _) = form(
        &t,
        &workplaces,
        &cookie,
        &[
            ("csrf", &csrf),
            ("name", "Місце"),
            ("inventory_number", "відсутній"),
        ],
    )
    .await;
    assert_eq!(s, 403);
    let (s, _, _) = form(
        &t,
        &resources,
        &cookie,
        &[
            ("csrf", &csrf),
            ("kind", "blood_refrigerator"),
            ("manufacturer", "Dometic"),
            ("model", "MB 570"),
            ("serial_number", "SN-1"),
            ("inventory_number", "відсутній"),
        ],
    )
    .await;
    assert_eq!(s, 403);
    assert_eq!(t.count("workplaces").await, 0);
    assert_eq!(t.count("equipment").await, 0);
    t.stop().await;
}

/// «Мої ресурси»: the equipment of the departments where the person holds an active assignment
/// (not where the invitation still waits), read-only, with the note saying where it is created.
async fn my_resources_only_where_assigned(backend: Backend) {
    use common::{OrgSetup, PERSON_RNOKPP, assignment};
    let t = spawn_app(backend).await;
    let (fid, admin) = t.facility_with_admin(0).await;
    let api = format!("/api/v1/facilities/{fid}");
    let (token, _) = t
        .member(&fid, &admin, PERSON_RNOKPP[0], &["equipment.view"])
        .await;
    let other = OrgSetup::make(&t, &fid, &admin, &[]).await;
    let (_, deps) = t.get(&format!("{api}/departments"), Some(&admin)).await;
    let mine = deps["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_owned())
        .find(|d| *d != other.department_id)
        .unwrap();
    let (_, emps) = t.get(&format!("{api}/employees"), Some(&admin)).await;
    let emp = emps["items"][0]["id"].as_str().unwrap().to_owned();
    let (s, r) = t
        .post(
            &format!("{api}/positions/{}/assignments", other.position_id),
            Some(&admin),
            &assignment(&emp, &[&other.role_id]),
        )
        .await;
    assert_eq!(s, 201, "{r}");
    for (dep, serial, kind) in [
        (&mine, "SN-MINE-1", "blood_refrigerator"),
        (&other.department_id, "SN-OTHER-1", "plasma_freezer"),
    ] {
        let (s, r) = t
            .post(
                &format!("{api}/departments/{dep}/equipment"),
                Some(&admin),
                &serde_json::json!({"kind": kind, "manufacturer": "Dometic", "model": "MB 570",
                    "serial_number": serial, "inventory_number": "відсутній"}),
            )
            .await;
        assert_eq!(s, 201, "{r}");
    }
    let cookie = format!("ekrov_session={token}");
    let (s, html) = page(&t, "/my/resources", &cookie).await;
    assert_eq!(s, 200, "{html}");
    assert!(html.contains("SN-MINE-1"), "{html}");
    assert!(!html.contains("SN-OTHER-1"), "only where assigned: {html}");
    assert!(
        html.contains("id=\"read-only-note\"") && html.contains("«Ресурси»"),
        "{html}"
    );
    assert!(
        html.contains("href=\"/my/resources\" class=\"active\""),
        "the top menu: {html}"
    );
    assert!(!html.contains("+ Створити обладнання") && !html.contains("<form class=\"card\""));
    let (_, en) = page(&t, "/my/resources", &format!("{cookie}; ekrov_lang=en")).await;
    assert!(
        en.contains("My resources")
            && en.contains("Read-only")
            && en.contains("Blood bank refrigerator"),
        "{en}"
    );
    t.stop().await;
}

/// The operator's «Заклади»: each facility's progress, the filters, the CSV link with them.
async fn operator_sees_progress_filters_and_csv(backend: Backend) {
    use common::OrgSetup;
    let t = spawn_app(backend).await;
    let (f0, admin0) = t.facility_with_admin(0).await;
    let (_f1, _) = t.facility_with_admin(1).await;
    OrgSetup::make(&t, &f0, &admin0, &[]).await;
    let op = t.operator_token().await;
    let cookie = format!("ekrov_session={op}");
    let (s, html) = page(&t, "/operator/facilities", &cookie).await;
    assert_eq!(s, 200, "{html}");
    for text in [
        "Підключення",
        "<strong>4/10</strong> (40%)",
        "<strong>1/10</strong> (10%)",
        EDRPOU[0],
        EDRPOU[1],
        "<select id=\"step_missing\" name=\"step_missing\">",
        "<option value=\"role_set\" >",
        "id=\"csv-export\" href=\"/api/v1/facilities.csv\"",
        "Експорт CSV",
    ] {
        assert!(html.contains(text), "{text}: {html}");
    }
    // A step not done: only the facility without a role set.
    let (s, html) = page(&t, "/operator/facilities?step_missing=role_set", &cookie).await;
    assert_eq!(s, 200);
    assert!(
        html.contains(EDRPOU[1]) && !html.contains(EDRPOU[0]),
        "{html}"
    );
    assert!(
        html.contains("<option value=\"role_set\" selected>"),
        "{html}"
    );
    assert!(
        html.contains("href=\"/api/v1/facilities.csv?step_missing=role_set\""),
        "the CSV link keeps the filter: {html}"
    );
    let (s, html) = page(&t, "/operator/facilities?invitations=pending", &cookie).await;
    assert_eq!(s, 200);
    assert!(
        !html.contains(EDRPOU[0]) && !html.contains(EDRPOU[1]),
        "{html}"
    );
    // The CSV itself, with the filter.
    let r = t
        .client
        .get(format!(
            "{}/api/v1/facilities.csv?step_missing=role_set",
            t.url
        ))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = r.text().await.unwrap();
    assert!(csv.contains(EDRPOU[1]) && !csv.contains(EDRPOU[0]), "{csv}");
    // In English.
    let (_, en) = page(
        &t,
        "/operator/facilities",
        &format!("{cookie}; ekrov_lang=en"),
    )
    .await;
    for text in [
        "Onboarding",
        "Export CSV",
        "Step not done",
        "A role set for the head",
    ] {
        assert!(en.contains(text), "{text}: {en}");
    }
    t.stop().await;
}

/// The assignment form's role sets come from a query of their own; when it fails the person gets
/// ekrov's error page (500, the cause only in the log), not a form without role sets to tick.
async fn a_failed_list_is_an_error_page_not_an_empty_one(backend: Backend) {
    use common::OrgSetup;
    use ekrov_store::testing::RawSql;
    let t = spawn_app(backend).await;
    let (fid, admin) = t.facility_with_admin(0).await;
    let org = OrgSetup::make(&t, &fid, &admin, &["equipment.view"]).await;
    let view = format!(
        "/facility/{fid}/registry?dept={}&position={}&form=assign",
        org.department_id, org.position_id
    );
    let cookie = format!("ekrov_session={admin}");
    let (s, html) = page(&t, &view, &cookie).await;
    assert_eq!(s, 200, "{html}");
    assert!(
        html.contains("name=\"role_ids\""),
        "role sets offered: {html}"
    );

    // A role set no one holds turns unreadable: only the form's list of role sets reads it.
    let spoilt = t
        .db()
        .execute(
            &format!(
                "UPDATE roles SET created_at = 'not-a-time' WHERE id = '{}'",
                org.role_id
            ),
            &[],
        )
        .await
        .unwrap();
    assert_eq!(spoilt, 1);
    let (s, html) = page(&t, &view.replace("&form=assign", ""), &cookie).await;
    assert_eq!(s, 200, "the page without the form still shows: {html}");
    let (s, html) = page(&t, &view, &cookie).await;
    assert_eq!(s, 500, "an error page, not an empty list: {html}");
    assert!(html.contains("<html lang=\"uk\">") && html.contains("Внутрішня помилка"));
    assert!(!html.contains("name=\"role_ids\""), "no form: {html}");
    assert!(!html.contains("not-a-time"), "never the cause: {html}");
    let (_, en) = page(&t, &view, &format!("{cookie}; ekrov_lang=en")).await;
    assert!(en.contains("Internal error"), "{en}");
}
