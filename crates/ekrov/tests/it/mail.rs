//! Letters over a real SMTP conversation, and letters that survive the SMTP server being down.

use crate::common;

use common::{EDRPOU, application, find_link, letter_text, smtp, spawn_with};
use ekrov_store::Backend;
use serde_json::json;

both_backends!(
    letter_over_smtp_carries_a_working_link,
    letter_survives_smtp_outage,
    a_letter_in_the_journal_is_not_sent_again
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

/// A letter the SMTP server took just before the process died, with the outbox row not yet
/// marked: the hand-over journal says so, and the dispatcher that starts next marks it sent
/// instead of sending it again. (The crash test does this with `kill -9`; here it is staged.)
async fn a_letter_in_the_journal_is_not_sent_again(backend: Backend) {
    let dead = smtp::free_port().await; // the server's own dispatcher cannot send
    let t = spawn_with(backend, |c| {
        c.smtp_url = Some(format!("smtp://127.0.0.1:{dead}"))
    })
    .await;
    let op = t.operator_token().await;
    for code in [EDRPOU[0], EDRPOU[1]] {
        let (_, a) = t
            .post("/api/v1/applications", Some(&op), &application(code))
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
    }
    // Wait until the server's own dispatcher has tried both and put them off (its clock stands
    // still, so it will not try again); the dispatcher below runs two hours later.
    let mut p = serde_json::Value::Null;
    for _ in 0..100 {
        (_, p) = t.get("/api/v1/mail/undelivered", Some(&op)).await;
        let items = p["items"].as_array().unwrap();
        if items.len() == 2 && items.iter().all(|l| l["attempts"].as_i64() >= Some(1)) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let ids: Vec<String> = p["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), 2, "{p}");

    // The first was handed over before "the kill"; a torn line after it is skipped.
    let journal = t._dir.path().join("staged-journal");
    std::fs::write(&journal, format!("{}\n3f2a-torn", ids[0])).unwrap();
    let port = smtp::free_port().await;
    let (inbox, server) = smtp::serve(port).await;
    let later = ekrov_app::App::new(
        t.app().db().clone(),
        t.config.settings(),
        std::sync::Arc::new(ekrov_app::TestClock::new(
            common::t(common::NOW) + chrono::Duration::hours(2),
        )),
    );
    let d = ekrov_app::mail::Dispatcher {
        app: later,
        transport: ekrov_app::mail::Transport::smtp(&format!("smtp://127.0.0.1:{port}")).unwrap(),
        from: "noreply@ekrov.localhost".into(),
        journal: Some(journal.clone()),
    };
    assert_eq!(d.settle_journal().await, Ok(1));
    assert!(!journal.exists(), "the journal is emptied once settled");
    assert_eq!(d.settle_journal().await, Ok(0));
    // Only the other letter goes out; marked sent at the end of the round, it leaves the
    // journal empty again.
    assert_eq!(d.run_once().await.unwrap(), 1);
    let got = inbox.messages();
    assert_eq!(got.len(), 1);
    assert!(
        got[0].data.contains(&format!("<{}@ekrov>", ids[1])),
        "{}",
        got[0].data
    );
    assert!(!journal.exists());
    let (_, p) = t.get("/api/v1/mail/undelivered", Some(&op)).await;
    assert_eq!(p["items"].as_array().unwrap().len(), 0, "{p}");
    assert_eq!(d.run_once().await.unwrap(), 0);
    assert_eq!(inbox.messages().len(), 1);
    server.abort();
    t.stop().await;
}
