//! The audit log is a hash chain: an edited or a deleted row is found, on both databases.

use crate::common;

use ekrov_store::testing::RawSql;
use ekrov_store::{Backend, Db, audit};
use serde_json::json;

both_backends!(audit_chain_finds_edits_and_deletions);

async fn append(db: &Db, n: usize) {
    for i in 0..n {
        let mut tx = db.begin().await.unwrap();
        audit::append(
            &mut tx,
            &audit::Actor {
                id: None,
                label: "test".into(),
            },
            audit::Entry {
                facility_id: None,
                action: "test.step",
                entity: "thing",
                entity_id: i.to_string(),
                before: None,
                after: Some(json!({"i": i})),
            },
            chrono::Utc::now(),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
    }
}

async fn audit_chain_finds_edits_and_deletions(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::connect(&common::fresh_database(backend, dir.path()).await)
        .await
        .unwrap();
    ekrov_store::migrate(&db).await.unwrap();
    assert_eq!(
        audit::verify(&db).await.unwrap(),
        audit::Verdict::Intact { rows: 0 }
    );
    append(&db, 5).await;
    assert_eq!(
        audit::verify(&db).await.unwrap(),
        audit::Verdict::Intact { rows: 5 }
    );

    // Editing a row's content breaks its own hash.
    db.execute(
        "UPDATE audit_log SET after_json = '{\"i\": 99}' WHERE seq = 3",
        &[],
    )
    .await
    .unwrap();
    assert!(matches!(
        audit::verify(&db).await.unwrap(),
        audit::Verdict::Broken { seq: 3, .. }
    ));
    db.execute(
        "UPDATE audit_log SET after_json = '{\"i\":2}' WHERE seq = 3",
        &[],
    )
    .await
    .unwrap();
    assert_eq!(
        audit::verify(&db).await.unwrap(),
        audit::Verdict::Intact { rows: 5 },
        "restored exactly"
    );

    // Deleting a row breaks the link of the next one.
    db.execute("DELETE FROM audit_log WHERE seq = 2", &[])
        .await
        .unwrap();
    match audit::verify(&db).await.unwrap() {
        audit::Verdict::Broken { seq, reason } => {
            assert_eq!(seq, 3);
            assert!(reason.contains("deleted"), "{reason}");
        }
        v => panic!("deletion not found: {v:?}"),
    }
    db.close().await;
}
