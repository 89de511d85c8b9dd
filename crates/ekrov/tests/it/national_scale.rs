//! Scale of the operator's national view: 2,000 facilities at every stage of onboarding (each
//! stage 0–10 equally often, with live and expired invitations). Prints the median server round
//! trip of the national view (a page, a filtered page, the CSV of all) beside the same use case's
//! queries run directly in the same run, and their ratio. Measure in a release build:
//! `cargo test --release -p ekrov --test it national_scale:: -- --ignored --nocapture`. Every response
//! must be 200 and the counts right; timings are reported, never asserted.

use crate::common;

use chrono::Duration as Days;
use common::spawn_app;
use ekrov_domain::{Edrpou, Email, InventoryNumber, PersonCode, Phone, Region, Rnokpp, Tenths};
use ekrov_store::testing::RawSql;
use ekrov_store::{
    Backend, access::links, administration::assignments, administration::departments,
    administration::employees, administration::positions, administration::roles, onboarding,
    registration::applications, registration::facilities, resources::equipment,
    resources::workplaces,
};
use serde_json::Value;
use std::time::{Duration, Instant};

const N: usize = 2000;

#[tokio::test]
#[ignore = "seeds 2,000 facilities; run with --ignored --nocapture"]
async fn national_view_at_scale_sqlite() {
    scale(Backend::Sqlite).await
}

#[tokio::test]
#[ignore = "seeds 2,000 facilities and needs PostgreSQL on 127.0.0.1:5432"]
async fn national_view_at_scale_postgres() {
    scale(Backend::Postgres).await
}

/// The `i`-th valid ЄДРПОУ: the check digit found by the parser itself.
fn edrpou(i: usize) -> Edrpou {
    (0..10)
        .find_map(|d| Edrpou::parse(&format!("{:07}{d}", 3_000_000 + i)).ok())
        .expect("one digit checks")
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

async fn median_of<F, Fut>(mut f: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut times = Vec::new();
    for _ in 0..11 {
        let start = Instant::now();
        f().await;
        times.push(start.elapsed());
    }
    times.sort();
    times[times.len() / 2]
}

async fn scale(backend: Backend) {
    let t = spawn_app(backend).await;
    let op = t.operator_token().await;
    let now = t.clock_now();
    let seeding = Instant::now();
    let mut tx = t.db().begin().await.unwrap();
    let admin = ekrov_store::access::accounts::insert(
        &mut tx,
        &ekrov_store::access::accounts::NewAccount {
            rnokpp: "3287301233",
            surname: "Мельник",
            given_name: "Андрій",
            patronymic: None,
            email: None,
        },
        now,
    )
    .await
    .unwrap();
    let operator = ekrov_store::access::accounts::by_rnokpp(&mut tx, "3184710691")
        .await
        .unwrap()
        .unwrap();
    let regions = Region::all();
    for i in 0..N {
        let data = applications::FacilityData {
            edrpou: edrpou(i),
            full_name: format!("Комунальне некомерційне підприємство «Лікарня № {i}»"),
            short_name: format!("КНП «Лікарня № {i}»"),
            name_en: format!("Hospital No. {i}"),
            address: format!("вул. Лікарняна, {i}"),
            region: regions[i % regions.len()],
            head_name: "Іваненко Петро Степанович".into(),
            chief_accountant_name: "Сидоренко Марія Іванівна".into(),
            provides_transfusion: true,
            admin: applications::AdminPerson {
                surname: "Мельник".into(),
                given_name: "Андрій".into(),
                patronymic: None,
                rnokpp: Rnokpp::parse("3287301233").unwrap(),
                email: Email::parse(&format!("admin{i}@h.example.ua")).unwrap(),
                phone: Phone::parse("067 123 45 67").unwrap(),
            },
        };
        let today = now.date_naive();
        let a = applications::insert(
            &mut tx,
            ekrov_store::new_id(),
            &data,
            today,
            today,
            operator.id,
            now,
        )
        .await
        .unwrap();
        let f = facilities::insert(&mut tx, ekrov_store::new_id(), &data, a.id, now)
            .await
            .unwrap()
            .id;
        links::create(
            &mut tx,
            &format!("first-{i}"),
            links::Kind::FirstLogin,
            f,
            "3287301233",
            None,
            now + Days::hours(72),
            now,
        )
        .await
        .unwrap();
        let level = i % 11;
        if level >= 1 {
            facilities::set_admin_account(&mut tx, f, admin.id)
                .await
                .unwrap();
        }
        if level < 2 {
            continue;
        }
        let role = roles::insert(
            &mut tx,
            f,
            "Завідувач ЛБК",
            "",
            &["equipment.view".into()],
            now,
        )
        .await
        .unwrap();
        if level < 3 {
            continue;
        }
        let e = employees::insert(
            &mut tx,
            f,
            &employees::EmployeeData {
                surname: "Бондар".into(),
                given_name: "Ольга".into(),
                patronymic: None,
                person_code: PersonCode::parse("3658400020").unwrap(),
                email: Email::parse("o.bondar@h.example.ua").unwrap(),
                phone: None,
            },
            now,
        )
        .await
        .unwrap();
        if level < 4 {
            continue;
        }
        let d = departments::insert(
            &mut tx,
            f,
            &departments::DepartmentData {
                name: "Лікарняний банк крові".into(),
                short_name: Some("ЛБК".into()),
                dtype: "logistics_inventory_center".into(),
                parent_id: None,
            },
            now,
        )
        .await
        .unwrap()
        .id;
        if level < 5 {
            continue;
        }
        let p = positions::insert(
            &mut tx,
            f,
            d,
            &positions::PositionData {
                title: "Завідувач ЛБК".into(),
                classifier_code: "1229.6".into(),
                staff_units_x100: 100,
                is_head: true,
            },
            now,
        )
        .await
        .unwrap()
        .id;
        if level < 6 {
            continue;
        }
        let asg = assignments::insert(
            &mut tx,
            f,
            p,
            &assignments::AssignmentData {
                employee_id: e.id,
                role_ids: vec![role.id],
                start_date: today,
                order_number: "1-к".into(),
                order_date: today,
                kind: "primary".into(),
            },
            now,
        )
        .await
        .unwrap();
        // Every other waiting invitation has run out.
        let expires = if i % 2 == 0 {
            now + Days::hours(24)
        } else {
            now - Days::hours(1)
        };
        links::create(
            &mut tx,
            &format!("inv-{i}"),
            links::Kind::Invitation,
            f,
            "3658400020",
            Some(asg.id),
            expires,
            now,
        )
        .await
        .unwrap();
        if level < 7 {
            continue;
        }
        assignments::transition(
            &mut tx,
            asg.id,
            assignments::Status::Invited,
            assignments::Status::Active,
            now,
        )
        .await
        .unwrap();
        tx.execute(
            "UPDATE links SET used_at = $1 WHERE subject_id = $2",
            &[ekrov_store::ts(now).into(), asg.id.to_string().into()],
        )
        .await
        .unwrap();
        if level < 8 {
            continue;
        }
        workplaces::insert(
            &mut tx,
            f,
            d,
            &workplaces::WorkplaceData {
                name: "Робоче місце завідувача".into(),
                room: None,
                inventory_number: InventoryNumber::parse("відсутній").unwrap(),
                employee_ids: vec![e.id],
            },
            now,
        )
        .await
        .unwrap();
        for (kind, lvl, lo, hi) in [
            ("blood_refrigerator", 9, 2, 6),
            ("plasma_freezer", 10, -40, -25),
        ] {
            if level < lvl {
                continue;
            }
            equipment::insert(
                &mut tx,
                f,
                d,
                &equipment::EquipmentData {
                    kind: kind.into(),
                    name: kind.into(),
                    manufacturer: "Dometic".into(),
                    model: "M".into(),
                    serial_number: format!("{kind}-{i}"),
                    inventory_number: InventoryNumber::parse("відсутній").unwrap(),
                    year_made: None,
                    in_service_on: None,
                    temp_min: Tenths::deg(lo),
                    temp_max: Tenths::deg(hi),
                    status: ekrov_domain::EquipmentStatus::InService,
                    status_reason: None,
                    last_check_on: None,
                    next_check_on: None,
                    workplace_id: None,
                },
                now,
            )
            .await
            .unwrap();
        }
    }
    tx.commit().await.unwrap();
    println!(
        "{backend:?}: seeded {N} facilities in {:.1} s",
        seeding.elapsed().as_secs_f64()
    );

    // The right answers first: each stage holds N/11 facilities.
    let (s, v) = t
        .get(
            "/api/v1/facilities?step_missing=freezer&limit=500",
            Some(&op),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    let (_, all_missing) = t.get("/api/v1/facilities?limit=500", Some(&op)).await;
    assert_eq!(all_missing["items"].as_array().unwrap().len(), 500);
    let csv = t
        .client
        .get(format!("{}/api/v1/facilities.csv", t.url))
        .bearer_auth(&op)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), N);
    let complete = rows.iter().filter(|r| r.contains(",10,10,100,")).count();
    assert_eq!(complete, (0..N).filter(|i| i % 11 == 10).count());
    let (_, pending) = t
        .get(
            "/api/v1/facilities?invitations=pending&limit=500",
            Some(&op),
        )
        .await;
    let want_pending = (0..N).filter(|i| i % 11 == 6 && i % 2 == 0).count();
    assert_eq!(pending["items"].as_array().unwrap().len(), want_pending);

    let get = |path: String| {
        let t = &t;
        let op = op.clone();
        async move {
            let res = t
                .client
                .get(format!("{}{path}", t.url))
                .bearer_auth(&op)
                .header("cookie", format!("ekrov_session={op}"))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status().as_u16(), 200, "{path}");
            let _ = res.bytes().await.unwrap();
        }
    };
    // The limit of the same work: the use case's queries run directly on the database.
    let db = t.db().clone();
    let direct = median_of(|| {
        let db = db.clone();
        async move {
            let f = facilities::list(
                &db,
                &facilities::Filter {
                    region: None,
                    after: None,
                    limit: i64::MAX,
                },
            )
            .await
            .unwrap();
            let c = onboarding::counts(&db, None, now).await.unwrap();
            assert_eq!((f.len(), c.len()), (N, N));
        }
    })
    .await;
    println!(
        "{backend:?} direct queries (all {N} facilities + grouped counts): median {:.1} ms",
        ms(direct)
    );
    for path in [
        "/api/v1/facilities",
        "/api/v1/facilities?limit=500",
        "/api/v1/facilities?step_missing=freezer&limit=500",
        "/api/v1/facilities?invitations=expired&limit=500",
        "/api/v1/facilities.csv",
        "/operator/facilities",
    ] {
        let m = median_of(|| get(path.to_owned())).await;
        println!(
            "{backend:?} GET {path}: median {:.1} ms, {:.2}× the direct queries",
            ms(m),
            m.as_secs_f64() / direct.as_secs_f64()
        );
    }
    let _: Value = v;
    t.stop().await;
}
