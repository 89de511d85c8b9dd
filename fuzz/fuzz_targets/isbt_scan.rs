//! Fuzz the blood-bank label readers of `ekrov_domain::stock` on arbitrary text: the ISBT 128 scan
//! reader, the label assembler fed line by line (as a scanner sends Enter), the hand-typed DIN and
//! a supplier's number pattern with numbers checked against it. None may panic; whatever one
//! accepts must read back to itself.
#![no_main]

use ekrov_domain::stock::din::Din;
use ekrov_domain::stock::isbt128::{LabelAssembler, read_scan};
use ekrov_domain::stock::supplier::DonationNumberPattern;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(items) = read_scan(s) {
        let again: String = items.iter().map(|i| i.to_scan()).collect();
        assert_eq!(read_scan(&again).as_ref(), Ok(&items), "{again}");
    }
    if let Ok(d) = Din::parse_eye_readable(s) {
        assert_eq!(Din::parse_eye_readable(&d.eye_readable()), Ok(d));
    }
    let mut a = LabelAssembler::new();
    for line in s.split('\n') {
        let before = a.clone();
        if a.feed(line).is_err() {
            assert_eq!(a, before, "a refused scan changes nothing");
        }
    }
    if let Some(label) = a.label() {
        let mut b = LabelAssembler::new();
        assert_eq!(b.feed(&label.to_scan()), Ok(vec![]));
        assert_eq!(b.label(), Some(label));
    }
    let mut lines = s.split('\n');
    if let Some(Ok(p)) = lines.next().map(DonationNumberPattern::parse) {
        assert!(p.check(&p.example()).is_ok(), "{}", p.as_str());
        for n in lines {
            if let Ok(num) = p.check(n) {
                assert_eq!(p.check(num.as_str()).as_ref(), Ok(&num));
            }
        }
    }
});
