//! The operator's pages over HTTP with a session cookie: Ukrainian first, English on request,
//! forms with CSRF and errors beside the fields. (The browser tests drive the same pages.)

mod common;

use common::{EDRPOU, TestApp, application, spawn_app};
use ekrov_store::Backend;

both_backends!(
    operator_pages_list_form_and_errors,
    forms_need_the_csrf_token
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
    ] {
        assert!(login.contains(label), "login page lacks {label}");
    }
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
