//! Fuzz the identifier parsers of `ekrov_domain` (РНОКПП, the person code, ЄДРПОУ, phone, e-mail,
//! region) on arbitrary text: none may panic, and whatever one accepts must parse again to itself.
#![no_main]

use ekrov_domain::{Edrpou, Email, PersonCode, Phone, Region, Rnokpp};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(r) = Rnokpp::parse(s) {
        assert_eq!(
            Rnokpp::parse(r.as_str()).ok().as_ref().map(|x| x.as_str()),
            Some(r.as_str())
        );
        let _ = (r.birth_date(), r.is_male());
    }
    if let Ok(p) = PersonCode::parse(s) {
        assert_eq!(
            PersonCode::parse(p.as_str())
                .ok()
                .map(|q| q.as_str().to_owned()),
            Some(p.as_str().to_owned())
        );
        let _ = (p.kind(), p.rnokpp(), p.is_alternative());
    }
    if let Ok(e) = Edrpou::parse(s) {
        assert_eq!(
            Edrpou::parse(e.as_str())
                .ok()
                .map(|x| x.as_str().to_owned()),
            Some(e.as_str().to_owned())
        );
    }
    if let Ok(p) = Phone::parse(s) {
        assert_eq!(
            Phone::parse(p.as_str()).ok().map(|x| x.as_str().to_owned()),
            Some(p.as_str().to_owned()),
            "E.164 form parses to itself"
        );
        assert_eq!(
            Phone::parse(&p.national())
                .ok()
                .map(|x| x.as_str().to_owned()),
            Some(p.as_str().to_owned()),
            "national form parses back"
        );
    }
    if let Ok(e) = Email::parse(s) {
        assert_eq!(
            Email::parse(e.as_str()).ok().map(|x| x.as_str().to_owned()),
            Some(e.as_str().to_owned())
        );
        let _ = e.domain();
    }
    if let Ok(r) = Region::parse(s) {
        assert_eq!(
            Region::parse(r.name_uk()).ok().map(|x| x.as_str()),
            Some(r.as_str())
        );
    }
    for e in [
        Rnokpp::parse(s).err(),
        Edrpou::parse(s).err(),
        Phone::parse(s).err(),
        Email::parse(s).err(),
    ]
    .into_iter()
    .flatten()
    {
        let _ = (e.code(), e.message_uk(), e.message_en());
    }
});
