//! Every pair of every compatibility table, in both directions, against tables written out by
//! hand from BLOODBANK.md; the order in which compatible groups are proposed.

use ekrov_domain::stock::compatibility::{Match, donor_groups, match_unit};
use ekrov_domain::stock::{AboRhD, ComponentClass};

// ───────── compatibility: the tables written out by hand ─────────

/// Rows: the recipient; columns: the donor; both in the order O−, O+, A−, A+, B−, B+, AB−, AB+.
/// `I` identical, `C` compatible, `E` only as an emergency exception, `.` never. Written from
/// BLOODBANK.md's tables and RhD rule (whole blood: both tables; cryoprecipitate: the plasma one).
const ORDER: [&str; 8] = ["O-", "O+", "A-", "A+", "B-", "B+", "AB-", "AB+"];

const RED_CELLS: [&str; 8] = [
    "I E . . . . . .",
    "C I . . . . . .",
    "C E I E . . . .",
    "C C C I . . . .",
    "C E . . I E . .",
    "C C . . C I . .",
    "C E C E C E I E",
    "C C C C C C C I",
];

const WHOLE_BLOOD: [&str; 8] = [
    "I E . . . . . .",
    "C I . . . . . .",
    ". . I E . . . .",
    ". . C I . . . .",
    ". . . . I E . .",
    ". . . . C I . .",
    ". . . . . . I E",
    ". . . . . . C I",
];

const PLASMA: [&str; 8] = [
    "I C C C C C C C",
    "C I C C C C C C",
    ". . I C . . C C",
    ". . C I . . C C",
    ". . . . I C C C",
    ". . . . C I C C",
    ". . . . . . I C",
    ". . . . . . C I",
];

const PLATELETS: [&str; 8] = [
    "I E C E C E C E",
    "C I C C C C C C",
    ". . I E . . C E",
    ". . C I . . C C",
    ". . . . I E C E",
    ". . . . C I C C",
    ". . . . . . I E",
    ". . . . . . C I",
];

fn table(class: ComponentClass) -> [&'static str; 8] {
    match class {
        ComponentClass::RedCells => RED_CELLS,
        ComponentClass::WholeBlood => WHOLE_BLOOD,
        ComponentClass::Plasma | ComponentClass::Cryoprecipitate => PLASMA,
        ComponentClass::Platelets => PLATELETS,
    }
}

fn group(i: usize) -> AboRhD {
    AboRhD::parse(ORDER[i]).unwrap()
}

fn expected(class: ComponentClass, donor: usize, recipient: usize) -> char {
    table(class)[recipient]
        .split(' ')
        .nth(donor)
        .unwrap()
        .chars()
        .next()
        .unwrap()
}

fn symbol(m: Match) -> char {
    match m {
        Match::Identical => 'I',
        Match::Compatible { .. } => 'C',
        Match::EmergencyOnly => 'E',
        Match::Incompatible => '.',
    }
}

#[test]
fn every_pair_of_every_table_in_both_directions() {
    let mut checked = 0;
    for class in ComponentClass::all() {
        for a in 0..8 {
            for b in 0..8 {
                // a gives to b, and b gives to a.
                for (donor, recipient) in [(a, b), (b, a)] {
                    let got = symbol(match_unit(class, group(donor), group(recipient)));
                    assert_eq!(
                        got,
                        expected(class, donor, recipient),
                        "{class}: {} → {}",
                        ORDER[donor],
                        ORDER[recipient]
                    );
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, 5 * 64 * 2);
}

#[test]
fn the_hand_tables_agree_with_bloodbank_md() {
    // BLOODBANK.md's ABO table, recipient → donors, read as written there.
    let red = [("O", "O"), ("A", "A O"), ("B", "B O"), ("AB", "AB A B O")];
    let plasma = [
        ("O", "O A B AB"),
        ("A", "A AB"),
        ("B", "B AB"),
        ("AB", "AB"),
    ];
    let abo = |g: &str| g.trim_end_matches(['+', '-']).to_string();
    for (class, doc) in [
        (ComponentClass::RedCells, red),
        (ComponentClass::Plasma, plasma),
    ] {
        for (r, rec) in ORDER.iter().enumerate() {
            let allowed = doc.iter().find(|(x, _)| *x == abo(rec)).unwrap().1;
            for (d, don) in ORDER.iter().enumerate() {
                let abo_ok = allowed.split(' ').any(|x| x == abo(don));
                assert_eq!(
                    expected(class, d, r) != '.',
                    abo_ok,
                    "{class} {don} → {rec}"
                );
            }
        }
    }
}

#[test]
fn proposal_order_of_groups() {
    let o_neg = group(0);
    assert_eq!(donor_groups(ComponentClass::RedCells, o_neg), [o_neg]);
    let ab_pos = group(7);
    let order: Vec<_> = donor_groups(ComponentClass::RedCells, ab_pos)
        .into_iter()
        .map(|g| g.code())
        .collect();
    assert_eq!(order[0], "ab_pos");
    assert_eq!(order[1], "ab_neg");
    assert_eq!(
        order.last(),
        Some(&"o_neg"),
        "O− last: the universal donor is scarce"
    );
    assert_eq!(order.len(), 8);
    assert_eq!(
        order,
        [
            "ab_pos", "ab_neg", "a_pos", "b_pos", "o_pos", "a_neg", "b_neg", "o_neg"
        ]
    );
}
