//! A small zero-copy DER reader (and writer) — just what CMS, X.509 and PKCS#12 need.
//!
//! Everything is bounds-checked and returns [`DerError`]; nothing here panics on any input.
//! Only definite lengths and single-byte tags (tag numbers 0..=30) are accepted, which covers
//! every structure this crate reads.

use std::fmt;

pub const BOOLEAN: u8 = 0x01;
pub const INTEGER: u8 = 0x02;
pub const BIT_STRING: u8 = 0x03;
pub const OCTET_STRING: u8 = 0x04;
pub const NULL: u8 = 0x05;
pub const OID: u8 = 0x06;
pub const UTF8_STRING: u8 = 0x0c;
pub const PRINTABLE_STRING: u8 = 0x13;
pub const TELETEX_STRING: u8 = 0x14;
pub const IA5_STRING: u8 = 0x16;
pub const UTC_TIME: u8 = 0x17;
pub const GENERALIZED_TIME: u8 = 0x18;
pub const VISIBLE_STRING: u8 = 0x1a;
pub const UNIVERSAL_STRING: u8 = 0x1c;
pub const BMP_STRING: u8 = 0x1e;
pub const SEQUENCE: u8 = 0x30;
pub const SET: u8 = 0x31;

/// Context-specific constructed tag `[n]`.
pub const fn ctx_cons(n: u8) -> u8 {
    0xa0 | n
}
/// Context-specific primitive tag `[n]`.
pub const fn ctx_prim(n: u8) -> u8 {
    0x80 | n
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DerError(pub String);

impl fmt::Display for DerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

pub type DerResult<T> = Result<T, DerError>;

fn err<T>(msg: impl Into<String>) -> DerResult<T> {
    Err(DerError(msg.into()))
}

/// One TLV: its tag, its content and the whole encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tlv<'a> {
    pub tag: u8,
    pub content: &'a [u8],
    pub raw: &'a [u8],
}

impl<'a> Tlv<'a> {
    /// A reader over this TLV's content (for constructed types).
    pub fn reader(&self) -> Reader<'a> {
        Reader::new(self.content)
    }

    pub fn expect(self, tag: u8, what: &str) -> DerResult<Self> {
        if self.tag == tag {
            Ok(self)
        } else {
            err(format!(
                "{what}: expected tag 0x{tag:02x}, found 0x{:02x}",
                self.tag
            ))
        }
    }

    /// Content of a BIT STRING with zero unused bits.
    pub fn bit_string_bytes(&self) -> DerResult<&'a [u8]> {
        if self.tag != BIT_STRING {
            return err("expected BIT STRING");
        }
        match self.content.split_first() {
            Some((0, rest)) => Ok(rest),
            Some(_) => err("BIT STRING with unused bits where whole bytes are expected"),
            None => err("empty BIT STRING"),
        }
    }

    /// Named bits of a BIT STRING as a big-endian bit field (bit 0 = most significant bit of
    /// the first byte), up to 16 bits.
    pub fn bit_flags(&self) -> DerResult<u16> {
        if self.tag != BIT_STRING {
            return err("expected BIT STRING");
        }
        let Some((&unused, bytes)) = self.content.split_first() else {
            return err("empty BIT STRING");
        };
        if unused > 7 || (bytes.is_empty() && unused != 0) {
            return err("bad BIT STRING");
        }
        let mut v: u16 = 0;
        for (i, b) in bytes.iter().take(2).enumerate() {
            v |= (*b as u16) << (8 * (1 - i));
        }
        Ok(v)
    }

    pub fn boolean(&self) -> DerResult<bool> {
        if self.tag != BOOLEAN || self.content.len() != 1 {
            return err("bad BOOLEAN");
        }
        Ok(self.content[0] != 0)
    }

    /// A small non-negative INTEGER.
    pub fn small_uint(&self) -> DerResult<u64> {
        if self.tag != INTEGER || self.content.is_empty() {
            return err("bad INTEGER");
        }
        if self.content[0] & 0x80 != 0 {
            return err("negative INTEGER");
        }
        let bytes = strip_int_zero(self.content);
        if bytes.len() > 8 {
            return err("INTEGER too large");
        }
        Ok(bytes.iter().fold(0u64, |a, b| (a << 8) | *b as u64))
    }
}

/// INTEGER content without a leading sign 0x00 byte.
pub fn strip_int_zero(b: &[u8]) -> &[u8] {
    if b.len() > 1 && b[0] == 0 { &b[1..] } else { b }
}

/// Sequential reader over DER bytes.
#[derive(Debug, Clone, Copy)]
pub struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Reader { data, pos: 0 }
    }

    pub fn is_empty(&self) -> bool {
        self.pos >= self.data.len()
    }

    pub fn peek_tag(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    /// Read the next TLV.
    pub fn read(&mut self) -> DerResult<Tlv<'a>> {
        let start = self.pos;
        let rest = &self.data[start.min(self.data.len())..];
        let (tlv, used) = parse_tlv(rest)?;
        self.pos = start + used;
        Ok(tlv)
    }

    pub fn read_tag(&mut self, tag: u8, what: &str) -> DerResult<Tlv<'a>> {
        self.read()?.expect(tag, what)
    }

    /// Read the next TLV if it has `tag`.
    pub fn read_optional(&mut self, tag: u8) -> DerResult<Option<Tlv<'a>>> {
        if self.peek_tag() == Some(tag) {
            self.read().map(Some)
        } else {
            Ok(None)
        }
    }

    pub fn finish(&self, what: &str) -> DerResult<()> {
        if self.is_empty() {
            Ok(())
        } else {
            err(format!("{what}: trailing data"))
        }
    }
}

/// Parse one TLV from the start of `data`; returns it and the number of bytes used.
pub fn parse_tlv(data: &[u8]) -> DerResult<(Tlv<'_>, usize)> {
    let Some(&tag) = data.first() else {
        return err("unexpected end of data");
    };
    if tag & 0x1f == 0x1f {
        return err("multi-byte tags are not supported");
    }
    let Some(&l0) = data.get(1) else {
        return err("truncated length");
    };
    let (len, hdr) = if l0 < 0x80 {
        (l0 as usize, 2)
    } else if l0 == 0x80 {
        return err("indefinite length (BER) is not DER");
    } else {
        let n = (l0 & 0x7f) as usize;
        if n > 4 {
            return err("length too large");
        }
        let Some(bytes) = data.get(2..2 + n) else {
            return err("truncated length");
        };
        if bytes[0] == 0 {
            return err("non-minimal length");
        }
        let len = bytes.iter().fold(0usize, |a, b| (a << 8) | *b as usize);
        if len < 0x80 {
            return err("non-minimal length");
        }
        (len, 2 + n)
    };
    let end = hdr
        .checked_add(len)
        .ok_or_else(|| DerError("length overflow".into()))?;
    let Some(content) = data.get(hdr..end) else {
        return err("truncated content");
    };
    Ok((
        Tlv {
            tag,
            content,
            raw: &data[..end],
        },
        end,
    ))
}

/// Parse exactly one TLV spanning all of `data`.
pub fn parse_one<'a>(data: &'a [u8], what: &str) -> DerResult<Tlv<'a>> {
    let (tlv, used) = parse_tlv(data)?;
    if used != data.len() {
        return err(format!("{what}: trailing data"));
    }
    Ok(tlv)
}

/// Dotted text of an OID's content bytes (best effort; never panics).
pub fn oid_to_string(oid: &[u8]) -> String {
    let mut out = String::new();
    let mut val: u64 = 0;
    let mut first = true;
    for &b in oid {
        if val > (u64::MAX >> 8) {
            return format!("<oid {}>", hex(oid));
        }
        val = (val << 7) | (b & 0x7f) as u64;
        if b & 0x80 == 0 {
            if first {
                let (a, c) = if val < 40 {
                    (0, val)
                } else if val < 80 {
                    (1, val - 40)
                } else {
                    (2, val - 80)
                };
                out.push_str(&format!("{a}.{c}"));
                first = false;
            } else {
                out.push_str(&format!(".{val}"));
            }
            val = 0;
        }
    }
    if out.is_empty() {
        out.push_str("<empty oid>");
    }
    out
}

pub fn hex(b: &[u8]) -> String {
    const H: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(b.len() * 2);
    for x in b {
        s.push(H[(x >> 4) as usize] as char);
        s.push(H[(x & 15) as usize] as char);
    }
    s
}

// ---------------------------------------------------------------- writer

/// Encode a TLV.
pub fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(content.len() + 6);
    v.push(tag);
    let len = content.len();
    if len < 0x80 {
        v.push(len as u8);
    } else {
        let bytes = (len as u32).to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        v.push(0x80 | (4 - skip) as u8);
        v.extend_from_slice(&bytes[skip..]);
    }
    v.extend_from_slice(content);
    v
}

/// Encode a constructed TLV from parts.
pub fn cons(tag: u8, parts: &[&[u8]]) -> Vec<u8> {
    tlv(tag, &parts.concat())
}

pub fn seq(parts: &[&[u8]]) -> Vec<u8> {
    cons(SEQUENCE, parts)
}

/// Encode an OID from its dotted form (only used with constant, valid OIDs).
pub fn oid(dotted: &str) -> Vec<u8> {
    tlv(OID, &oid_content(dotted))
}

pub fn oid_content(dotted: &str) -> Vec<u8> {
    let arcs: Vec<u64> = dotted.split('.').map(|a| a.parse().unwrap_or(0)).collect();
    let mut out = Vec::new();
    let mut push = |mut v: u64| {
        let mut tmp = vec![(v & 0x7f) as u8];
        v >>= 7;
        while v > 0 {
            tmp.push(0x80 | (v & 0x7f) as u8);
            v >>= 7;
        }
        tmp.reverse();
        out.extend(tmp);
    };
    if arcs.len() >= 2 {
        push(arcs[0] * 40 + arcs[1]);
        for a in &arcs[2..] {
            push(*a);
        }
    }
    out
}

/// INTEGER from unsigned big-endian bytes.
pub fn uint(bytes: &[u8]) -> Vec<u8> {
    let mut b = bytes;
    while b.len() > 1 && b[0] == 0 {
        b = &b[1..];
    }
    if b.is_empty() {
        return tlv(INTEGER, &[0]);
    }
    if b[0] & 0x80 != 0 {
        let mut c = vec![0];
        c.extend_from_slice(b);
        tlv(INTEGER, &c)
    } else {
        tlv(INTEGER, b)
    }
}

pub fn small_int(v: u64) -> Vec<u8> {
    uint(&v.to_be_bytes())
}

pub fn octets(b: &[u8]) -> Vec<u8> {
    tlv(OCTET_STRING, b)
}

/// A DER SET OF: elements sorted by their encodings.
pub fn set_of(mut elems: Vec<Vec<u8>>) -> Vec<u8> {
    elems.sort();
    tlv(SET, &elems.concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oid_round_trip() {
        for s in [
            "1.2.840.10045.4.3.2",
            "1.2.804.2.1.1.1.11.1.4.1.1",
            "2.5.29.9",
        ] {
            assert_eq!(oid_to_string(&oid_content(s)), s);
        }
    }

    #[test]
    fn long_lengths() {
        let content = vec![7u8; 300];
        let enc = tlv(OCTET_STRING, &content);
        let t = parse_one(&enc, "x").unwrap();
        assert_eq!(t.content.len(), 300);
        assert!(parse_tlv(&[0x04, 0x81, 0x05]).is_err());
        assert!(parse_tlv(&[0x04, 0x80]).is_err());
        assert!(parse_tlv(&[0x04, 0x85, 1, 1, 1, 1, 1]).is_err());
        assert!(parse_tlv(&[0x04, 0x84, 0xff, 0xff, 0xff, 0xff]).is_err());
    }
}
