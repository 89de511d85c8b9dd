//! The notices after an operator's action, Ukrainian first.

use crate::i18n::{Lang, Tr};

/// The notice for `?flash=` after an action on an application or facility.
pub(crate) fn flash_text(tr: Tr, code: Option<&str>) -> Option<String> {
    let (uk, en) = match code? {
        "recorded" => ("Заяву збережено.", "The application has been saved."),
        "registered" => (
            "Заклад зареєстровано; адміністраторові надіслано лист із посиланням для першого входу.",
            "The facility is registered; the administrator has been sent a first-login letter.",
        ),
        "rejected" => ("Заяву відхилено.", "The application has been rejected."),
        "resent" => (
            "Нове посилання надіслано; попереднє більше не діє.",
            "A new link has been sent; the old one no longer works.",
        ),
        _ => return None,
    };
    Some(if tr.0 == Lang::En { en } else { uk }.to_owned())
}
