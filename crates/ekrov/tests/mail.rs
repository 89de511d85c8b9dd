//! Letters over a real SMTP conversation, and letters that survive the SMTP server being down.

mod common;

use common::{EDRPOU, application, find_link, letter_text, smtp, spawn_with};
use ekrov_store::Backend;
use serde_json::json;

both_backends!(
    letter_over_smtp_carries_a_working_link,
    letter_survives_smtp_outage
);

async fn letter_over_smtp_carries_a_working_link(backend: Backend) {
    let port = smtp::free_port().await;
    let (inbox, server) = smtp::serve(port).await;
    let t = spawn_with(backend, |c| {
        c.smtp_url = Some(format!("smtp://127.0.0.1:{port}"))
    })
    .await;
    let op = t.operator_token().await;
    let (_, a) = t
        .post("/api/v1/applications", Some(&op), &application(EDRPOU[0]))
        .await;
    let (s, _) = t
        .post(
            &format!(
                "/api/v1/applications/{}/register",
                a["id"].as_str().unwrap()
            ),
            Some(&op),
            &json!({}),
        )
        .await;
    assert_eq!(s, 200);
    t.wait_for_mail(1).await;

    let msgs = inbox.messages();
    assert_eq!(msgs.len(), 1);
    assert_eq!(msgs[0].rcpt_to, vec!["<admin@okl.example.ua>".to_owned()]);
    assert!(
        msgs[0].mail_from.contains("noreply@ekrov.localhost"),
        "{}",
        msgs[0].mail_from
    );
    assert!(
        msgs[0].data.contains("multipart/alternative"),
        "plain text and HTML"
    );
    let (subject, text) = letter_text(msgs[0].data.as_bytes());
    assert!(
        subject.starts_with("єКров: заклад «КНП «ОКЛ»» зареєстровано"),
        "{subject}"
    );
    assert!(
        text.contains("<a href=\"http://ekrov.test/links/"),
        "the HTML part links too"
    );
    let link = find_link(&text, "http://ekrov.test");
    let path = link.trim_start_matches("http://ekrov.test");
    let (s, l) = t.get(&format!("/api/v1{path}"), None).await;
    assert_eq!(s, 200, "{l}");
    assert_eq!(
        (l["kind"].as_str(), l["state"].as_str()),
        (Some("first_login"), Some("valid"))
    );

    let (_, pending) = t.get("/api/v1/mail/undelivered", Some(&op)).await;
    assert!(pending["items"].as_array().unwrap().is_empty());
    server.abort();
    t.stop().await;
}

async fn letter_survives_smtp_outage(backend: Backend) {
    let port = smtp::free_port().await; // nothing listens there yet: the server is "down"
    let t = spawn_with(backend, |c| {
        c.smtp_url = Some(format!("smtp://127.0.0.1:{port}"))
    })
    .await;
    let op = t.operator_token().await;
    let (_, a) = t
        .post("/api/v1/applications", Some(&op), &application(EDRPOU[0]))
        .await;
    let (s, _) = t
        .post(
            &format!(
                "/api/v1/applications/{}/register",
                a["id"].as_str().unwrap()
            ),
            Some(&op),
            &json!({}),
        )
        .await;
    assert_eq!(s, 200, "registration does not wait for mail");

    // The dispatcher tries, fails, and the operator sees why.
    let mut seen = None;
    for _ in 0..100 {
        t.app().mail_queued.notify_one();
        let (_, p) = t.get("/api/v1/mail/undelivered", Some(&op)).await;
        if p["items"][0]["attempts"].as_i64().unwrap_or(0) >= 1 {
            seen = Some(p);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let p = seen.expect("a failed attempt is recorded");
    assert_eq!(p["items"].as_array().unwrap().len(), 1);
    assert!(
        !p["items"][0]["last_error"].as_str().unwrap().is_empty(),
        "{p}"
    );
    assert_eq!(p["items"][0]["to"], "admin@okl.example.ua");

    // The server comes up; once the backoff has passed, the letter arrives, exactly once.
    let (inbox, server) = smtp::serve(port).await;
    t.clock.advance(chrono::Duration::minutes(5));
    t.wait_for_mail(1).await;
    assert_eq!(inbox.messages().len(), 1);
    let (_, p) = t.get("/api/v1/mail/undelivered", Some(&op)).await;
    assert!(p["items"].as_array().unwrap().is_empty());
    // Further rounds of the dispatcher send nothing again.
    t.clock.advance(chrono::Duration::hours(2));
    for _ in 0..5 {
        t.app().mail_queued.notify_one();
        tokio::time::sleep(std::time::Duration::from_millis(40)).await;
    }
    assert_eq!(inbox.messages().len(), 1);
    server.abort();
    t.stop().await;
}
