//! Curve parameters: the ten standard polynomial-basis curves (by OID or recognised in explicit
//! form) and attacker-supplied explicit parameters, checked before use.
//!
//! DER (DSTU 4145, little-endian variant `1.2.804.2.1.1.1.1.3.1.1`):
//! `DSTU4145Params ::= SEQUENCE { CHOICE { ECBinary, OID }, dke OCTET STRING (64) OPTIONAL }`,
//! `ECBinary ::= SEQUENCE { version [0] EXPLICIT INTEGER OPTIONAL, f SEQUENCE { m INTEGER,
//! k INTEGER | SEQUENCE { k1, k2, k3 INTEGER } }, a INTEGER, b OCTET STRING (LE), n INTEGER,
//! bp OCTET STRING (compressed base point, LE) }`.

use std::sync::{Arc, Mutex, OnceLock};

use super::curve::{Affine, Curve};
use super::gf2m::{self, Field};
use super::scalar;
use crate::der::{self, Tlv};
use crate::error::KepError;

type Result<T> = std::result::Result<T, KepError>;

fn bad(msg: &str) -> KepError {
    KepError::Malformed(format!("DSTU 4145 parameters: {msg}"))
}

struct StdParams {
    name: &'static str,
    m: usize,
    ks: &'static [usize],
    a: u8,
    b: &'static str,
    n: &'static str,
    px: &'static str,
    py: &'static str,
}

/// Values from the joint order of the Ministry of Justice and the Administration of the State
/// Service of Special Communications (as tabulated in ../shared/vectors/dstu/vectors.json;
/// big-endian hex here).
const STANDARD: [StdParams; 10] = [
    StdParams {
        name: "M163",
        m: 163,
        ks: &[3, 6, 7],
        a: 1,
        b: "05ff6108462a2dc8210ab403925e638a19c1455d21",
        n: "0400000000000000000002bec12be2262d39bcf14d",
        px: "02e2f85f5dd74ce983a5c4237229daf8a3f35823be",
        py: "03826f008a8c51d7b95284d9d03ff0e00ce2cd723a",
    },
    StdParams {
        name: "M167",
        m: 167,
        ks: &[6],
        a: 1,
        b: "6ee3ceeb230811759f20518a0930f1a4315a827dac",
        n: "3fffffffffffffffffffffb12ebcc7d7f29ff7701f",
        px: "7a1f6653786a68192803910a3d30b2a2018b21cd54",
        py: "5f49eb26781c0ec6b8909156d98ed435e45fd59918",
    },
    StdParams {
        name: "M173",
        m: 173,
        ks: &[1, 2, 10],
        a: 0,
        b: "108576c80499db2fc16eddf6853bbb278f6b6fb437d9",
        n: "0800000000000000000000189b4e67606e3825bb2831",
        px: "04d41a619bcc6eadf0448fa22fad567a9181d37389ca",
        py: "10b51cc12849b234c75e6dd2028bf7ff5c1ce0d991a1",
    },
    StdParams {
        name: "M179",
        m: 179,
        ks: &[1, 2, 4],
        a: 1,
        b: "04a6e0856526436f2f88dd07a341e32d04184572beb710",
        n: "03ffffffffffffffffffffffb981960435fe5ab64236ef",
        px: "06ba06fe51464b2bd26dc57f48819ba9954667022c7d03",
        py: "025fbc363582dcec065080ca8287aaff09788a66dc3a9e",
    },
    StdParams {
        name: "M191",
        m: 191,
        ks: &[9],
        a: 1,
        b: "7bc86e2102902ec4d5890e8b6b4981ff27e0482750fefc03",
        n: "40000000000000000000000069a779cac1dabc6788f7474f",
        px: "714114b762f2ff4a7912a6d2ac58b9b5c2fcfe76daeb7129",
        py: "29c41e568b77c617efe5902f11db96fa9613cd8d03db08da",
    },
    StdParams {
        name: "M233",
        m: 233,
        ks: &[1, 4, 9],
        a: 1,
        b: "006973b15095675534c7cf7e64a21bd54ef5dd3b8a0326aa936ece454d2c",
        n: "01000000000000000000000000000013e974e72f8a6922031d2603cfe0d7",
        px: "003fcda526b6cdf83ba1118df35b3c31761d3545f32728d003eeb25efe96",
        py: "009ca8b57a934c54deeda9e54a7bbad95e3b2e91c54d32be0b9df96d8d35",
    },
    StdParams {
        name: "M257",
        m: 257,
        ks: &[12],
        a: 0,
        b: "01cef494720115657e18f938d7a7942394ff9425c1458c57861f9eea6adbe3be10",
        n: "00800000000000000000000000000000006759213af182e987d3e17714907d470d",
        px: "002a29ef207d0e9b6c55cd260b306c7e007ac491ca1b10c62334a9e8dcd8d20fb7",
        py: "010686d41ff744d4449fccf6d8eea03102e6812c93a9d60b978b702cf156d814ef",
    },
    StdParams {
        name: "M307",
        m: 307,
        ks: &[2, 4, 8],
        a: 1,
        b: "0393c7f7d53666b5054b5e6c6d3de94f4296c0c599e2e2e241050df18b6090bdc90186904968bb",
        n: "03ffffffffffffffffffffffffffffffffffffffc079c2f3825da70d390fbba588d4604022b7b7",
        px: "0216ee8b189d291a0224984c1e92f1d16bf75ccd825a087a239b276d3167743c52c02d6e7232aa",
        py: "05d9306bacd22b7faeb09d2e049c6e2866c5d1677762a8f2f2dc9a11c7f7be8340ab2237c7f2a0",
    },
    StdParams {
        name: "M367",
        m: 367,
        ks: &[21],
        a: 1,
        b: "43fc8ad242b0b7a6f3d1627ad5654447556b47bf6aa4a64b0c2afe42cadab8f93d92394c79a79755437b56995136",
        n: "40000000000000000000000000000000000000000000009c300b75a3fa824f22428fd28ce8812245ef44049b2d49",
        px: "324a6eddd512f08c49a99ae0d3f961197a76413e7be81a400ca681e09639b5fe12e59a109f78bf4a373541b3b9a1",
        py: "01ab597a5b4477f59e39539007c7f977d1a567b92b043a49c6b61984c3fe3481aaf454cd41ba1f051626442b3c10",
    },
    StdParams {
        name: "M431",
        m: 431,
        ks: &[1, 3, 5],
        a: 1,
        b: "03ce10490f6a708fc26dfe8c3d27c4f94e690134d5bff988d8d28aaeaede975936c66bac536b18ae2dc312ca493117daa469c640caf3",
        n: "3fffffffffffffffffffffffffffffffffffffffffffffffffffffba3175458009a8c0a724f02f81aa8a1fcbaf80d90c7a95110504cf",
        px: "1a62ba79d98133a16bbae7ed9a8e03c32e0824d57aef72f88986874e5aae49c27bed49a2a95058068426c2171e99fd3b43c5947c857d",
        py: "70b5e1e14031c1f70bbefe96bdde66f451754b4ca5f48da241f331aa396b8d1839a855c1769b1ea14ba53308b5e2723724e090e02db9",
    },
];

/// Names of the standard curves, in OID order (`…3.1.1.2.0` … `.2.9`).
pub const STANDARD_NAMES: [&str; 10] = [
    "M163", "M167", "M173", "M179", "M191", "M233", "M257", "M307", "M367", "M431",
];

/// OID content bytes of the named-curve arc `1.2.804.2.1.1.1.1.3.1.1.2`.
const NAMED_ARC: &[u8] = &[
    0x2a, 0x86, 0x24, 0x02, 0x01, 0x01, 0x01, 0x01, 0x03, 0x01, 0x01, 0x02,
];

fn hex_be(s: &str) -> gf2m::Fe {
    let bytes: Vec<u8> = (0..s.len() / 2)
        .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).expect("table hex"))
        .collect();
    scalar::from_be(&bytes).expect("table value fits")
}

fn build_std(p: &StdParams) -> Curve {
    let field = Field::new(p.m, p.ks).expect("standard field shape");
    let n = hex_be(p.n);
    Curve {
        field,
        a: p.a,
        b: hex_be(p.b),
        n,
        n_bits: gf2m::bit_len(&n),
        g: Affine {
            x: hex_be(p.px),
            y: hex_be(p.py),
        },
    }
}

/// Standard curve `i` (0 = M163 … 9 = M431), built once.
pub fn standard(i: usize) -> Option<Arc<Curve>> {
    static CURVES: OnceLock<Vec<Arc<Curve>>> = OnceLock::new();
    CURVES
        .get_or_init(|| STANDARD.iter().map(|p| Arc::new(build_std(p))).collect())
        .get(i)
        .cloned()
}

/// The curve's name if it is a standard one.
pub fn standard_name(c: &Curve) -> Option<&'static str> {
    STANDARD
        .iter()
        .enumerate()
        .find(|(i, _)| standard(*i).is_some_and(|s| same_curve(&s, c)))
        .map(|(_, p)| p.name)
}

fn same_curve(x: &Curve, y: &Curve) -> bool {
    x.field.m() == y.field.m()
        && x.field.exponents() == y.field.exponents()
        && x.a == y.a
        && x.b == y.b
        && x.n == y.n
        && x.g == y.g
}

/// Curve and DKE S-box read from a key's AlgorithmIdentifier parameters.
#[derive(Clone, Debug)]
pub struct KeyParams {
    pub curve: Arc<Curve>,
    /// The 64-byte packed S-box after the curve, if present.
    pub dke: Option<[u8; 64]>,
}

/// Parse DSTU4145Params (the whole parameters TLV).
pub fn parse(params: Tlv<'_>) -> Result<KeyParams> {
    let seq = params
        .expect(der::SEQUENCE, "DSTU4145Params")
        .map_err(|_| bad("not a SEQUENCE"))?;
    let mut r = seq.reader();
    let first = r.read()?;
    let curve = match first.tag {
        der::OID => named(first.content)?,
        der::SEQUENCE => explicit(first)?,
        _ => return Err(bad("neither a named curve nor explicit parameters")),
    };
    let dke = match r.read_optional(der::OCTET_STRING)? {
        Some(t) => Some(
            <[u8; 64]>::try_from(t.content).map_err(|_| bad("the DKE S-box is not 64 bytes"))?,
        ),
        None => None,
    };
    r.finish("DSTU4145Params")?;
    Ok(KeyParams { curve, dke })
}

fn named(oid: &[u8]) -> Result<Arc<Curve>> {
    match oid.strip_prefix(NAMED_ARC) {
        Some([i]) if (*i as usize) < STANDARD.len() => {
            Ok(standard(*i as usize).expect("index checked"))
        }
        _ => Err(KepError::UnsupportedAlgorithm(format!(
            "DSTU 4145 curve {}",
            der::oid_to_string(oid)
        ))),
    }
}

fn small_int(t: Tlv<'_>, max: u64) -> Result<usize> {
    let v = t.small_uint().map_err(|_| bad("bad INTEGER"))?;
    if v > max {
        return Err(bad("integer out of range"));
    }
    Ok(v as usize)
}

/// Explicit parameters: a standard curve if they are one (no further work), else checked and
/// cached by their DER (a verifier sees the same few CA curves over and over).
fn explicit(t: Tlv<'_>) -> Result<Arc<Curve>> {
    static CACHE: Mutex<Vec<(Vec<u8>, Arc<Curve>)>> = Mutex::new(Vec::new());
    const CACHE_MAX: usize = 16;
    if let Ok(c) = CACHE.lock()
        && let Some((_, curve)) = c.iter().find(|(k, _)| k.as_slice() == t.raw)
    {
        return Ok(curve.clone());
    }
    let curve = parse_explicit(t)?;
    let curve =
        match (0..STANDARD.len()).find_map(|i| standard(i).filter(|s| same_curve(s, &curve))) {
            Some(s) => s,
            None => {
                check_explicit(&curve)?;
                Arc::new(curve)
            }
        };
    if let Ok(mut c) = CACHE.lock() {
        if c.len() >= CACHE_MAX {
            c.remove(0);
        }
        c.push((t.raw.to_vec(), curve.clone()));
    }
    Ok(curve)
}

fn parse_explicit(t: Tlv<'_>) -> Result<Curve> {
    let mut r = t.reader();
    if let Some(v) = r.read_optional(der::ctx_cons(0))? {
        let mut vr = v.reader();
        if small_int(vr.read()?, 0)? != 0 {
            return Err(bad("unknown ECBinary version"));
        }
        vr.finish("version")?;
    }
    let f = r.read_tag(der::SEQUENCE, "BinaryField")?;
    let mut fr = f.reader();
    let m = small_int(fr.read_tag(der::INTEGER, "m")?, 4096)?;
    let poly = fr.read()?;
    let ks = match poly.tag {
        der::INTEGER => vec![small_int(poly, 4096)?],
        der::SEQUENCE => {
            let mut pr = poly.reader();
            let k: Vec<usize> = (0..3)
                .map(|_| small_int(pr.read_tag(der::INTEGER, "k")?, 4096))
                .collect::<Result<_>>()?;
            pr.finish("Pentanomial")?;
            k
        }
        _ => return Err(bad("field polynomial")),
    };
    fr.finish("BinaryField")?;
    let mut ks_sorted = ks.clone();
    ks_sorted.sort_unstable();
    let field = Field::new(m, &ks_sorted).ok_or_else(|| {
        KepError::UnsupportedAlgorithm(format!(
            "DSTU 4145 field x^{m} + {ks:?} (degree 163..=509 with middle exponents below m - 64)"
        ))
    })?;
    let a = small_int(r.read_tag(der::INTEGER, "a")?, 1)? as u8;
    let b = field
        .from_le(r.read_tag(der::OCTET_STRING, "b")?.content)
        .ok_or_else(|| bad("b is wider than the field"))?;
    let n_t = r.read_tag(der::INTEGER, "n")?;
    if n_t.content.first().is_some_and(|&x| x & 0x80 != 0) {
        return Err(bad("n is negative"));
    }
    let n = scalar::from_be(n_t.content).ok_or_else(|| bad("n too large"))?;
    let bp = field
        .from_le(r.read_tag(der::OCTET_STRING, "bp")?.content)
        .ok_or_else(|| bad("base point is wider than the field"))?;
    r.finish("ECBinary")?;
    let mut curve = Curve {
        field,
        a,
        b,
        n,
        n_bits: gf2m::bit_len(&n),
        g: Affine {
            x: gf2m::ZERO,
            y: gf2m::ZERO,
        },
    };
    curve.g = curve
        .decompress(&bp)
        .ok_or_else(|| bad("the base point is not on the curve"))?;
    Ok(curve)
}

fn is_prime_small(m: usize) -> bool {
    m >= 2
        && (2..)
            .take_while(|d| d * d <= m)
            .all(|d| !m.is_multiple_of(d))
}

/// What makes explicit parameters usable: a prime degree in 163..=509, an irreducible field
/// polynomial, B ≠ 0, an odd N of about m bits (Hasse's bound with a small cofactor), and a base
/// point of order N.
pub fn check_explicit(c: &Curve) -> Result<()> {
    let m = c.field.m();
    if !(163..=509).contains(&m) || !is_prime_small(m) {
        return Err(bad("the field degree must be a prime in 163..=509"));
    }
    if !c.field.is_irreducible() {
        return Err(bad("the field polynomial is reducible"));
    }
    if gf2m::is_zero(&c.b) {
        return Err(bad("b = 0 (singular curve)"));
    }
    if c.n[0] & 1 == 0 || c.n_bits + 4 < m || c.n_bits > m {
        return Err(bad("n is not an odd number of about m bits"));
    }
    if !c.is_on_curve(&c.g) || !c.has_order_n(&c.g) {
        return Err(bad("the base point is not of order n"));
    }
    Ok(())
}

/// A compressed public key (little-endian OCTET STRING content) → a point: on the curve, not the
/// point at infinity, with the trace condition of the prime-order part.
pub fn public_key(curve: &Curve, compressed: &[u8]) -> Result<Affine> {
    let bad_key = || KepError::Malformed("DSTU 4145 public key is not a point of the curve".into());
    let c = curve.field.from_le(compressed).ok_or_else(bad_key)?;
    curve.decompress(&c).ok_or_else(bad_key)
}

/// The public key from a SubjectPublicKeyInfo BIT STRING: a DER OCTET STRING of the compressed point.
pub fn public_key_from_spki(curve: &Curve, key: &[u8]) -> Result<Affine> {
    let os = der::parse_one(key, "DSTU 4145 public key")?
        .expect(der::OCTET_STRING, "DSTU 4145 public key")?;
    public_key(curve, os.content)
}
