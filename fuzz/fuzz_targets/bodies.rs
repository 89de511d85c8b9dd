//! Fuzz the JSON request bodies of the API the way the handlers read them: `parse_json` (which
//! maps every failure to a 400/422 naming the field) into each request type, then the parse into
//! domain types. Nothing may panic; every refusal must be a client error, never a 5xx.
#![no_main]

use ekrov_web::{
    api::{admin, applications, auth, facilities},
    error::ApiError,
    extract::parse_json,
};
use libfuzzer_sys::fuzz_target;

fn client_error<T>(r: Result<T, ApiError>) -> Option<T> {
    match r {
        Ok(v) => Some(v),
        Err(e) => {
            assert!(e.status.is_client_error(), "{} {}", e.status, e.code);
            None
        }
    }
}

fuzz_target!(|data: &[u8]| {
    if let Some(a) = client_error(parse_json::<applications::ApplicationIn>(data)) {
        let _ = applications::parse(&a);
    }
    let _ = client_error(parse_json::<applications::RejectIn>(data));
    let _ = client_error(parse_json::<auth::SignedIn>(data));
    let _ = client_error(parse_json::<facilities::DayOffIo>(data));
    if let Some(r) = client_error(parse_json::<admin::RoleIn>(data)) {
        let _ = admin::parse_role(&r);
    }
    if let Some(e) = client_error(parse_json::<admin::EmployeeIn>(data)) {
        let _ = admin::parse_employee(&e);
    }
    if let Some(d) = client_error(parse_json::<admin::DepartmentIn>(data)) {
        let _ = admin::parse_department(&d);
    }
    if let Some(p) = client_error(parse_json::<admin::PositionIn>(data)) {
        let _ = admin::parse_position(&p);
    }
    if let Some(a) = client_error(parse_json::<admin::AssignmentIn>(data)) {
        let _ = admin::parse_assignment(&a);
    }
});
