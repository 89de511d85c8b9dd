//! Revocation from CRLs: the newest complete CRL of the issuer, a delta CRL applied over it
//! (RFC 5280 §5.2.4), and `nextUpdate` enforced with a grace.
//!
//! Where CRLs come from: the trust folder, the CMS's own `crls`, and (with a fetcher) the
//! certificate's distribution points and freshestCRL pointers and the complete CRL's
//! freshestCRL. Only CRLs that the certificate's issuer signed (same name, matching key id,
//! signature verified with the issuer's key) are read; the others are ignored.
//!
//! The status, as of the verification time `at`:
//! - revoked when the newest complete CRL lists the serial and no applicable delta takes it
//!   off (`removeFromCRL`), or when a delta lists it with any other reason;
//! - unknown, and refused, when the newest complete CRL's `nextUpdate` + grace is before `at`
//!   (a stale list says nothing about the certificates revoked since);
//! - otherwise good. With no CRL of the issuer at all, revocation is not checked (it is not
//!   required here: the trust folder or the fetcher opt in).
//!
//! A delta applies over the complete CRL when its BaseCRLNumber ≤ the complete CRL's
//! cRLNumber < its own cRLNumber. A stale delta (past its `nextUpdate` + grace) is not applied
//! (it cannot take a certificate off hold), but what it revokes stays revoked.

use std::cmp::Ordering;

use crate::pkix::{Certificate, Crl, cmp_uint, crl_reason};
use crate::trust::to_utc;
use crate::{KepError, Verifier};

/// Default grace after a CRL's `nextUpdate` before it counts as stale (providers publish
/// late by minutes, and a server fetches on its own schedule).
pub const DEFAULT_CRL_GRACE_SECS: i64 = 3600;

impl Verifier {
    pub(crate) fn check_revocation(
        &self,
        c: &Certificate<'_>,
        issuer: &Certificate<'_>,
        cms_crls: &[&[u8]],
        at: i64,
    ) -> Result<(), KepError> {
        let fetched = self.fetch_crls(c);
        let all = self
            .trust
            .crls
            .iter()
            .map(Vec::as_slice)
            .chain(cms_crls.iter().copied())
            .chain(fetched.iter().map(Vec::as_slice));
        let mut crls: Vec<Crl<'_>> = all
            .filter_map(|der| Crl::from_der(der).ok())
            .filter(|crl| self.issued_by(crl, c, issuer))
            .collect();
        crls.dedup_by(|a, b| a.raw == b.raw);
        let (deltas, fulls): (Vec<_>, Vec<_>) = crls.into_iter().partition(Crl::is_delta);
        let base = newest(&fulls);
        let grace = self.crl_grace_secs;
        let stale = |crl: &Crl<'_>| {
            crl.next_update
                .is_some_and(|n| at > n.saturating_add(grace))
        };
        let delta = base.and_then(|b| {
            newest(
                &deltas
                    .iter()
                    .filter(|d| applies_over(d, b) && !stale(d))
                    .cloned()
                    .collect::<Vec<_>>(),
            )
            .cloned()
        });

        let revoked_by = |who: &Crl<'_>| {
            Err(KepError::Revoked(format!(
                "\"{}\" (serial {}) is on a {}CRL of \"{}\" (thisUpdate {})",
                c.subject.to_text(),
                c.serial_hex(),
                if who.is_delta() { "delta " } else { "" },
                issuer.subject.to_text(),
                to_utc(who.this_update).to_rfc3339()
            )))
        };
        // The applied delta decides first: it is newer than the base.
        if let Some(d) = &delta
            && let Some(e) = d.entry(c.serial)
        {
            if e.reason != Some(crl_reason::REMOVE_FROM_CRL) {
                return revoked_by(d);
            }
        } else if let Some(b) = base
            && b.lists(c.serial)
        {
            return revoked_by(b);
        }
        // Deltas not applied (no base, stale, or older than the base) still revoke.
        if let Some(d) = deltas.iter().find(|d| {
            d.entry(c.serial)
                .is_some_and(|e| e.reason != Some(crl_reason::REMOVE_FROM_CRL))
                && base.is_none_or(|b| !older_than_base(d, b))
                && delta.as_ref().is_none_or(|a| newer(d, a))
        }) {
            return revoked_by(d);
        }
        if let Some(b) = base
            && stale(b)
        {
            return Err(KepError::Untrusted(format!(
                "revocation status of \"{}\" unknown: the newest CRL of \"{}\" was due by {} (grace {} s)",
                c.subject.to_text(),
                issuer.subject.to_text(),
                to_utc(b.next_update.unwrap_or(b.this_update)).to_rfc3339(),
                grace
            )));
        }
        Ok(())
    }

    /// CRLs from the certificate's distribution points and freshestCRL pointers, then the
    /// freshestCRL pointers of the complete CRLs fetched.
    fn fetch_crls(&self, c: &Certificate<'_>) -> Vec<Vec<u8>> {
        let Some(f) = &self.crl_fetcher else {
            return Vec::new();
        };
        let mut urls: Vec<String> = c.extensions.crl_distribution_points.clone();
        urls.extend(c.extensions.freshest_crl.iter().cloned());
        let mut out: Vec<Vec<u8>> = Vec::new();
        let mut i = 0;
        while i < urls.len() && i < MAX_FETCHES {
            let url = urls[i].clone();
            i += 1;
            if urls[..i - 1].contains(&url) {
                continue;
            }
            // A fetcher error is a soft failure by contract (Ok(None)); an Err is treated alike.
            if let Ok(Some(der)) = f.fetch(&url) {
                if let Ok(crl) = Crl::from_der(&der) {
                    urls.extend(crl.freshest_crl.iter().cloned());
                }
                out.push(der);
            }
        }
        out
    }

    /// The CRL is the issuer's: same name, matching key identifier, signed by its key.
    fn issued_by(&self, crl: &Crl<'_>, c: &Certificate<'_>, issuer: &Certificate<'_>) -> bool {
        if crl.issuer.raw != c.issuer.raw {
            return false;
        }
        if let (Some(a), Some(s)) = (crl.authority_key_id, issuer.extensions.subject_key_id)
            && a != s
        {
            return false;
        }
        self.verify_signature(
            &issuer.spki,
            &crl.signature_algorithm,
            None,
            crl.tbs,
            crl.signature,
        )
        .is_ok()
    }
}

/// Distribution points asked per certificate (its own and the freshestCRL pointers found).
const MAX_FETCHES: usize = 8;

/// The CRL with the highest cRLNumber (a CRL without one counts lowest), then the latest
/// thisUpdate.
fn newest<'c, 'a>(crls: &'c [Crl<'a>]) -> Option<&'c Crl<'a>> {
    crls.iter().max_by(|a, b| {
        let n = match (a.number, b.number) {
            (Some(x), Some(y)) => cmp_uint(x, y),
            (x, y) => x.is_some().cmp(&y.is_some()),
        };
        n.then(a.this_update.cmp(&b.this_update))
    })
}

/// RFC 5280 §5.2.4: BaseCRLNumber ≤ the complete CRL's number < the delta's number.
fn applies_over(delta: &Crl<'_>, base: &Crl<'_>) -> bool {
    match (delta.delta_base, delta.number, base.number) {
        (Some(db), Some(dn), Some(bn)) => {
            cmp_uint(db, bn) != Ordering::Greater && cmp_uint(bn, dn) == Ordering::Less
        }
        _ => false,
    }
}

/// A delta whose number is not above the complete CRL's: what it said is already in the base.
fn older_than_base(delta: &Crl<'_>, base: &Crl<'_>) -> bool {
    match (delta.number, base.number) {
        (Some(dn), Some(bn)) => cmp_uint(dn, bn) != Ordering::Greater,
        _ => false,
    }
}

/// `a` has a higher cRLNumber than `b`.
fn newer(a: &Crl<'_>, b: &Crl<'_>) -> bool {
    match (a.number, b.number) {
        (Some(x), Some(y)) => cmp_uint(x, y) == Ordering::Greater,
        _ => false,
    }
}
