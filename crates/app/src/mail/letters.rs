//! The texts of letters. Ukrainian first, with an English summary for those who need it.

use chrono::{DateTime, Utc};
use ekrov_store::{mail::Letter, registration::facilities::Facility};

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn kyiv(t: DateTime<Utc>) -> String {
    // Letters show the expiry in UTC explicitly, to be unambiguous whatever the reader's zone.
    t.format("%d.%m.%Y %H:%M UTC").to_string()
}

/// The letter of step 1: the facility is registered, here is the link for the first login.
pub fn first_login(f: &Facility, link: &str, expires_at: DateTime<Utc>) -> Letter {
    let a = &f.data.admin;
    let name = format!(
        "{} {}",
        a.given_name,
        a.patronymic.clone().unwrap_or_default()
    )
    .trim()
    .to_owned();
    let until = kyiv(expires_at);
    let text = format!(
        "Шановний(а) {name}!\n\n\
         Заклад «{short}» (код ЄДРПОУ {edrpou}) зареєстровано в системі єКров.\n\
         Ви — адміністратор закладу. Для першого входу відкрийте посилання:\n\n{link}\n\n\
         Вхід виконується лише з вашим кваліфікованим електронним підписом (КЕП), виданим на ваш РНОКПП.\n\
         Посилання одноразове і дійсне до {until}. Якщо строк минув, зверніться до СДУ «УЦТК» по нове посилання.\n\n\
         --\n\
         The facility \"{name_en}\" has been registered in eKrov. Open the link above to log in for the first time\n\
         with your qualified electronic signature (valid until {until}, single use).\n\n\
         СДУ «УЦТК», система єКров\n",
        short = f.data.short_name,
        edrpou = f.data.edrpou.as_str(),
        name_en = f.data.name_en,
    );
    let html = format!(
        "<!doctype html><html lang=\"uk\"><body>\
         <p>Шановний(а) {name}!</p>\
         <p>Заклад «{short}» (код ЄДРПОУ {edrpou}) зареєстровано в системі єКров. Ви — адміністратор закладу.</p>\
         <p><a href=\"{link}\">Перший вхід до єКров</a></p>\
         <p>Вхід виконується лише з вашим кваліфікованим електронним підписом (КЕП), виданим на ваш РНОКПП. \
         Посилання одноразове і дійсне до {until}.</p>\
         <p lang=\"en\">The facility “{name_en}” has been registered in eKrov: <a href=\"{link}\">first login</a> \
         (valid until {until}, single use).</p>\
         <p>СДУ «УЦТК», система єКров</p></body></html>",
        name = html_escape(&name),
        short = html_escape(&f.data.short_name),
        edrpou = f.data.edrpou.as_str(),
        link = html_escape(link),
        name_en = html_escape(&f.data.name_en),
    );
    Letter {
        to: a.email.as_str().to_owned(),
        subject: format!(
            "єКров: заклад «{}» зареєстровано — посилання для першого входу",
            f.data.short_name
        ),
        body_text: text,
        body_html: html,
        facility_id: Some(f.id),
    }
}
