//! Scale of the administration pages: a facility with 3,000 employees, 300 departments (a tree)
//! and 1,500 positions (half of them held). Prints the median server round trip of the
//! organisational-structure page, the employee page and the API lists (measure in a release build:
//! `cargo test --release -p ekrov --test it admin_scale:: -- --ignored --nocapture`); every page must
//! answer 200. Ignored by default: it seeds for a few seconds.

use crate::common;

use common::spawn_app;
use ekrov_domain::{Email, PersonCode};
use ekrov_store::{
    Backend,
    administration::assignments,
    administration::departments,
    administration::employees,
    administration::positions::{self, PositionData},
};
use std::time::{Duration, Instant};

#[tokio::test]
#[ignore = "seeds 3,000 employees; run with --ignored --nocapture"]
async fn structure_and_employee_pages_at_scale_sqlite() {
    scale(Backend::Sqlite).await
}

#[tokio::test]
#[ignore = "seeds 3,000 employees and needs PostgreSQL on 127.0.0.1:5432"]
async fn structure_and_employee_pages_at_scale_postgres() {
    scale(Backend::Postgres).await
}

/// A valid РНОКПП from a number (DOMAIN.md's check digit).
fn rnokpp(n: u32) -> String {
    let mut d: Vec<i64> = format!("{:09}", 200_000_000 + n)
        .bytes()
        .map(|b| (b - b'0') as i64)
        .collect();
    let w = [-1, 5, 7, 9, 4, 6, 10, 5, 7];
    let s: i64 = d.iter().zip(w).map(|(a, b)| a * b).sum();
    d.push(s.rem_euclid(11) % 10);
    d.iter().map(|x| x.to_string()).collect()
}

async fn median(t: &common::TestApp, token: &str, path: &str) -> Duration {
    let mut times = Vec::new();
    for _ in 0..15 {
        let start = Instant::now();
        let res = t
            .client
            .get(format!("{}{path}", t.url))
            .header("cookie", format!("ekrov_session={token}"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 200, "{path}");
        let _ = res.bytes().await.unwrap();
        times.push(start.elapsed());
    }
    times.sort();
    times[times.len() / 2]
}

async fn scale(backend: Backend) {
    let t = spawn_app(backend).await;
    let (fid, admin) = t.facility_with_admin(0).await;
    let f: uuid::Uuid = fid.parse().unwrap();
    let now = t.clock_now();
    let seeding = Instant::now();
    let mut tx = t.db().begin().await.unwrap();
    let mut deps = Vec::new();
    for i in 0..300 {
        let parent = if i < 30 { None } else { Some(deps[i % 30]) };
        let d = departments::insert(
            &mut tx,
            f,
            &departments::DepartmentData {
                name: format!("Відділ {i:03}"),
                short_name: None,
                dtype: if i == 0 {
                    "logistics_inventory_center".into()
                } else {
                    "clinical".into()
                },
                parent_id: parent,
            },
            now,
        )
        .await
        .unwrap();
        deps.push(d.id);
    }
    let mut emps = Vec::new();
    for i in 0..3000u32 {
        let e = employees::insert(
            &mut tx,
            f,
            &employees::EmployeeData {
                surname: format!("Прізвище{i:04}"),
                given_name: "Ім'я".into(),
                patronymic: None,
                person_code: PersonCode::parse(&rnokpp(i)).unwrap(),
                email: Email::parse(&format!("e{i}@okl.example.ua")).unwrap(),
                phone: None,
            },
            now,
        )
        .await
        .unwrap();
        emps.push(e.id);
    }
    for i in 0..1500usize {
        let p = positions::insert(
            &mut tx,
            f,
            deps[i % 300],
            &PositionData {
                title: format!("Посада {i:04}"),
                classifier_code: "2221.2".into(),
                staff_units_x100: 100,
                is_head: i % 5 == 0,
            },
            now,
        )
        .await
        .unwrap();
        if i % 2 == 0 {
            assignments::insert(
                &mut tx,
                f,
                p.id,
                &assignments::AssignmentData {
                    employee_id: emps[i],
                    role_ids: vec![],
                    start_date: "2026-12-01".parse().unwrap(),
                    order_number: format!("{i}-к"),
                    order_date: "2026-11-30".parse().unwrap(),
                    kind: "primary".into(),
                },
                now,
            )
            .await
            .unwrap();
        }
    }
    tx.commit().await.unwrap();
    println!("{backend:?}: seeded in {:?}", seeding.elapsed());

    let dept = deps[0];
    let pages = [
        format!("/facility/{fid}/structure"),
        format!("/facility/{fid}/structure?dept={dept}"),
        format!("/facility/{fid}/registry?dept={dept}"),
        format!("/facility/{fid}/employees"),
        format!("/api/v1/facilities/{fid}/employees?limit=500"),
        format!("/api/v1/facilities/{fid}/departments?limit=500"),
    ];
    for p in &pages {
        let m = median(&t, &admin, p).await;
        // Reported, never asserted: timings are measurements (docs/BENCHMARKS.md), not tests.
        println!("{backend:?} {p}: median {:.1} ms", m.as_secs_f64() * 1000.0);
    }
}
