//! Page texts: Ukrainian first, English on request (the `ekrov_lang` cookie). The seed's labels
//! are kept verbatim.

use ekrov_domain::plural::{plural_en, plural_uk};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Uk,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Uk => "uk",
            Lang::En => "en",
        }
    }
    pub fn from_cookie(v: Option<&str>) -> Lang {
        if v == Some("en") { Lang::En } else { Lang::Uk }
    }
}

/// (key, Ukrainian, English)
const TEXTS: &[(&str, &str, &str)] = &[
    ("app_name", "єКров", "eKrov"),
    (
        "app_subtitle",
        "Система крові України",
        "Ukraine's blood service",
    ),
    (
        "demo_banner",
        "ДЕМОНСТРАЦІЙНИЙ РЕЖИМ: довіряється тестовий центр сертифікації. Не для реальних даних.",
        "DEMO MODE: a development certification authority is trusted. Not for real data.",
    ),
    ("nav_applications", "Заяви", "Applications"),
    ("nav_new_application", "Нова заява", "New application"),
    ("nav_facilities", "Заклади", "Facilities"),
    ("nav_mail", "Пошта", "Mail"),
    ("logout", "Вийти", "Log out"),
    ("login", "Увійти", "Log in"),
    ("switch_lang", "English", "Українська"),
    (
        "applications_title",
        "Заяви закладів охорони здоров'я",
        "Facility applications",
    ),
    ("filter_status", "Стан", "Status"),
    ("filter_all", "Усі", "All"),
    ("filter_overdue", "Лише прострочені", "Overdue only"),
    ("filter_apply", "Показати", "Show"),
    ("status_received", "Отримано", "Received"),
    ("status_registered", "Зареєстровано", "Registered"),
    ("status_rejected", "Відхилено", "Rejected"),
    ("col_facility", "Заклад", "Facility"),
    ("col_edrpou", "ЄДРПОУ", "EDRPOU"),
    ("col_region", "Область", "Region"),
    ("col_received", "Отримано", "Received"),
    ("col_due", "Зареєструвати до", "Register by"),
    ("col_status", "Стан", "Status"),
    ("col_actions", "Дії", "Actions"),
    ("col_admin", "Адміністратор", "Administrator"),
    ("col_first_login", "Перший вхід", "First login"),
    ("overdue", "прострочено", "overdue"),
    ("register", "Зареєструвати", "Register"),
    ("reject", "Відхилити", "Reject"),
    ("reject_reason", "Причина відмови", "Reason for rejection"),
    ("no_applications", "Заяв немає.", "No applications."),
    (
        "new_application_title",
        "Нова заява закладу",
        "New facility application",
    ),
    ("save", "Зберегти", "Save"),
    ("cancel", "Скасувати", "Cancel"),
    ("edit", "Змінити", "Edit"),
    (
        "form_has_errors",
        "Перевірте поля, позначені нижче.",
        "Please check the fields marked below.",
    ),
    ("f_edrpou", "Код ЄДРПОУ", "EDRPOU code"),
    ("f_full_name", "Повна назва закладу", "Full name"),
    ("f_short_name", "Скорочена назва", "Short name"),
    ("f_name_en", "Назва англійською", "Name in English"),
    ("f_address", "Юридична адреса", "Legal address"),
    ("f_region", "Область", "Region"),
    (
        "f_head_name",
        "Керівник закладу (ПІБ)",
        "Head of the facility (full name)",
    ),
    (
        "f_chief_accountant_name",
        "Головний бухгалтер (ПІБ)",
        "Chief accountant (full name)",
    ),
    (
        "f_provides_transfusion",
        "Надає послуги з трансфузії крові та її компонентів",
        "Provides blood transfusion services",
    ),
    (
        "f_received_on",
        "Дата отримання заяви",
        "Date the application was received",
    ),
    (
        "f_admin_surname",
        "Адміністратор: прізвище",
        "Administrator: surname",
    ),
    (
        "f_admin_given_name",
        "Адміністратор: ім'я",
        "Administrator: given name",
    ),
    (
        "f_admin_patronymic",
        "Адміністратор: по батькові",
        "Administrator: patronymic",
    ),
    (
        "f_admin_rnokpp",
        "Адміністратор: РНОКПП",
        "Administrator: taxpayer number (RNOKPP)",
    ),
    (
        "f_admin_email",
        "Адміністратор: електронна пошта",
        "Administrator: e-mail",
    ),
    (
        "f_admin_phone",
        "Адміністратор: телефон",
        "Administrator: phone",
    ),
    ("choose", "— оберіть —", "— choose —"),
    (
        "facilities_title",
        "Зареєстровані заклади",
        "Registered facilities",
    ),
    ("no_facilities", "Закладів ще немає.", "No facilities yet."),
    ("first_login_done", "виконано", "done"),
    ("first_login_pending", "очікується", "pending"),
    (
        "resend_first_login",
        "Надіслати нове посилання",
        "Send a new link",
    ),
    ("mail_title", "Недоставлені листи", "Undelivered letters"),
    (
        "mail_none",
        "Усі листи доставлено.",
        "All letters have been delivered.",
    ),
    ("col_to", "Кому", "To"),
    ("col_subject", "Тема", "Subject"),
    ("col_attempts", "Спроб", "Attempts"),
    ("col_next_try", "Наступна спроба", "Next try"),
    ("col_error", "Причина", "Reason"),
    (
        "login_title",
        "Вхід за кваліфікованим електронним підписом",
        "Log in with a qualified electronic signature",
    ),
    ("kep_medium", "Тип носія", "Key medium"),
    ("kep_medium_file", "Файловий носій", "Key file"),
    (
        "kep_provider",
        "Кваліфікований надавач електронних довірчих послуг",
        "Qualified trust service provider",
    ),
    (
        "kep_provider_auto",
        "Визначити автоматично",
        "Detect automatically",
    ),
    ("kep_file", "Особистий ключ", "Personal key"),
    ("kep_password", "Пароль захисту ключа", "Key password"),
    (
        "kep_cert",
        "Сертифікат (якщо його немає у файлі ключа)",
        "Certificate (if the key file holds none)",
    ),
    ("kep_read", "Зчитати", "Read"),
    (
        "kep_private_note",
        "Ключ відкривається лише у вашому браузері: він не передається на сервер.",
        "The key is opened only in your browser: it is never sent to the server.",
    ),
    (
        "link_title_first_login",
        "Перший вхід адміністратора закладу",
        "Facility administrator's first login",
    ),
    (
        "link_title_invitation",
        "Запрошення до єКров",
        "Invitation to eKrov",
    ),
    (
        "link_valid",
        "Посилання дійсне до",
        "The link is valid until",
    ),
    (
        "link_expired",
        "Строк дії посилання минув. Зверніться до СДУ «УЦТК» (для адміністратора) або до адміністратора закладу (для працівника) по нове посилання.",
        "This link has expired. Ask the national operator (administrators) or your facility's administrator (employees) for a new one.",
    ),
    (
        "link_used",
        "Посилання вже використано. Увійдіть звичайним способом.",
        "This link has been used already. Log in as usual.",
    ),
    (
        "link_revoked",
        "Посилання замінено новим. Скористайтеся останнім отриманим листом.",
        "This link was replaced by a newer one. Use the latest letter you received.",
    ),
    ("welcome", "Вітаємо", "Welcome"),
    ("not_found_title", "Сторінку не знайдено", "Page not found"),
    ("error_title", "Помилка", "Error"),
    (
        "error_forbidden_title",
        "Доступ заборонено",
        "Access denied",
    ),
    (
        "error_unavailable_title",
        "Сервіс тимчасово недоступний",
        "Service temporarily unavailable",
    ),
    (
        "error_internal_title",
        "Внутрішня помилка",
        "Internal error",
    ),
    ("nav_facility", "Мій заклад", "My facility"),
    ("adm_nav_roles", "Ролі користувачів", "User roles"),
    ("adm_nav_employees", "Працівники", "Employees"),
    (
        "adm_nav_registry",
        "Реєстр учасників",
        "Participants registry",
    ),
    (
        "adm_nav_structure",
        "Організаційна структура",
        "Organisational structure",
    ),
    ("adm_nav_audit", "Журнал аудиту", "Audit log"),
    ("adm_add_position", "Додати посаду", "Add position"),
    ("adm_assign", "Призначити працівника", "Assign employee"),
    (
        "adm_assign_title",
        "Призначення на посаду",
        "Assignment to the position",
    ),
    ("adm_new_position", "Нова посада", "New position"),
    ("adm_new_department", "Новий відділ", "New department"),
    ("adm_new_role", "Новий рольовий набір", "New role set"),
    ("adm_new_employee", "Новий працівник", "New employee"),
    (
        "adm_edit_role",
        "Зміна рольового набору",
        "Edit the role set",
    ),
    (
        "adm_edit_employee",
        "Зміна даних працівника",
        "Edit the employee",
    ),
    (
        "adm_no_roles",
        "Рольових наборів ще немає.",
        "No role sets yet.",
    ),
    (
        "adm_no_employees",
        "Працівників ще не додано.",
        "No employees yet.",
    ),
    (
        "adm_no_departments",
        "Відділів ще немає.",
        "No departments yet.",
    ),
    (
        "adm_no_positions",
        "У відділі ще немає посад.",
        "The department has no positions yet.",
    ),
    ("adm_no_parent", "— верхній рівень —", "— top level —"),
    ("adm_departments", "Відділи", "Departments"),
    ("adm_positions", "посади", "positions"),
    ("adm_head", "керівник", "head"),
    ("adm_col_name", "Назва", "Name"),
    ("adm_col_description", "Опис", "Description"),
    ("adm_col_permissions", "Права доступу", "Permissions"),
    ("adm_col_person", "ПІБ", "Full name"),
    ("adm_col_registered", "Реєстрація", "Registration"),
    ("adm_col_holders", "Працівники", "Holders"),
    ("adm_col_when", "Коли", "When"),
    ("adm_col_who", "Хто", "Who"),
    ("adm_col_action", "Дія", "Action"),
    ("adm_col_entity", "Об'єкт", "Object"),
    ("adm_col_change", "Зміна", "Change"),
    ("adm_registered", "зареєстровано", "registered"),
    ("adm_not_registered", "не завершено", "not completed"),
    ("adm_alternative_id", "без РНОКПП", "no RNOKPP"),
    ("adm_status_invited", "запрошено", "invited"),
    ("adm_status_active", "працює", "active"),
    ("adm_status_ended", "завершено", "ended"),
    (
        "adm_invitation_made",
        "Працівника призначено. Запрошувальне посилання сформовано: передайте його працівникові — він має перейти за ним протягом доби (24 години).",
        "The employee is assigned. An invitation link has been made: hand it to the employee, who must follow it within one day (24 hours).",
    ),
    (
        "adm_invitation_link",
        "Запрошувальне посилання",
        "Invitation link",
    ),
    (
        "adm_invitation_mailed",
        "Посилання також надіслано працівникові електронною поштою.",
        "The link has also been e-mailed to the employee.",
    ),
    ("adm_copy", "Копіювати", "Copy"),
    (
        "adm_status_expired",
        "запрошення прострочено",
        "invitation expired",
    ),
    (
        "adm_invitation_expired",
        "Строк дії запрошення (24 години) минув: надішліть працівникові нове.",
        "The invitation (24 hours) has expired: send the employee a new one.",
    ),
    (
        "adm_invitation_until",
        "Запрошення дійсне до",
        "Invitation valid until",
    ),
    (
        "adm_invitation_renewed",
        "Нове запрошувальне посилання сформовано, попереднє більше не діє. Передайте нове працівникові — він має перейти за ним протягом доби (24 години).",
        "A new invitation link has been made; the previous one no longer works. Hand the new one to the employee, who must follow it within one day (24 hours).",
    ),
    ("adm_reinvite", "Запросити повторно", "Invite again"),
    ("adm_end", "Завершити призначення", "End assignment"),
    (
        "adm_end_question",
        "Завершити призначення?",
        "End this assignment?",
    ),
    (
        "adm_end_warning",
        "Права доступу за цим призначенням буде відкликано негайно, також у вже відкритих сеансах; невикористане запрошувальне посилання перестане діяти.",
        "The permissions of this assignment are withdrawn at once, also in sessions already open; an unused invitation link stops working.",
    ),
    ("adm_end_yes", "Так, завершити", "Yes, end it"),
    ("adm_col_status", "Стан", "Status"),
    ("adm_col_actions", "Дії", "Actions"),
    ("adm_next_page", "Наступна сторінка →", "Next page →"),
    ("adm_f_name", "Назва", "Name"),
    ("adm_f_description", "Опис", "Description"),
    ("adm_f_permissions", "Права доступу", "Permissions"),
    ("adm_f_surname", "Прізвище", "Surname"),
    ("adm_f_given_name", "Ім'я", "Given name"),
    ("adm_f_patronymic", "По батькові", "Patronymic"),
    (
        "adm_f_rnokpp",
        "РНОКПП (або серія й номер паспорта / номер ID-картки для тих, хто відмовився від РНОКПП)",
        "RNOKPP (or passport / ID card number for those who refused one)",
    ),
    ("adm_f_email", "Електронна пошта", "E-mail"),
    ("adm_f_phone", "Телефон", "Phone"),
    ("adm_f_short_name", "Скорочена назва", "Short name"),
    ("adm_f_type", "Тип відділу", "Department type"),
    (
        "adm_f_parent_id",
        "Входить до відділу",
        "Part of department",
    ),
    ("adm_f_title", "Назва посади", "Position title"),
    (
        "adm_f_classifier_code",
        "Код за класифікатором професій (ДК 003:2010)",
        "Classifier of professions code (DK 003:2010)",
    ),
    ("adm_f_staff_units", "Кількість ставок", "Staff units"),
    (
        "adm_f_is_head",
        "Посада керівника відділу",
        "Head of the department",
    ),
    ("adm_f_employee_id", "Працівник", "Employee"),
    ("adm_f_role_ids", "Рольові набори", "Role sets"),
    ("adm_f_start_date", "Дата початку роботи", "Start date"),
    ("adm_f_order_number", "Номер наказу", "Order number"),
    ("adm_f_order_date", "Дата наказу", "Order date"),
    ("adm_f_kind", "Вид призначення", "Kind of assignment"),
];

#[derive(Debug, Clone, Copy)]
pub struct Tr(pub Lang);

impl Tr {
    pub fn t(&self, key: &str) -> &'static str {
        match TEXTS
            .iter()
            .chain(RESOURCE_TEXTS)
            .find(|(k, _, _)| *k == key)
        {
            Some((_, uk, en)) => match self.0 {
                Lang::Uk => uk,
                Lang::En => en,
            },
            None => {
                debug_assert!(false, "missing page text {key:?}");
                "?"
            }
        }
    }

    /// "3 робочі дні", "5 робочих днів", "1 working day".
    pub fn working_days(&self, n: i64) -> String {
        match self.0 {
            Lang::Uk => format!(
                "{n} {}",
                plural_uk(n, "робочий день", "робочі дні", "робочих днів")
            ),
            Lang::En => format!("{n} {}", plural_en(n, "working day", "working days")),
        }
    }

    pub fn days_left(&self, n: i64) -> String {
        if n >= 0 {
            match self.0 {
                Lang::Uk => format!(
                    "{} {}",
                    plural_uk(n, "залишився", "залишилося", "залишилося"),
                    self.working_days(n)
                ),
                Lang::En => format!("{} left", self.working_days(n)),
            }
        } else {
            match self.0 {
                Lang::Uk => format!("прострочено на {}", self.working_days(-n)),
                Lang::En => format!("overdue by {}", self.working_days(-n)),
            }
        }
    }
}

/// The texts of the resources, the checklist and the national view (seed steps 10–12).
const RESOURCE_TEXTS: &[(&str, &str, &str)] = &[
    ("nat_step_missing", "Крок не виконано", "Step not done"),
    ("nat_invitations", "Запрошення", "Invitations"),
    ("nat_inv_pending", "очікують", "pending"),
    ("nat_inv_expired", "прострочені", "expired"),
    ("nat_export_csv", "Експорт CSV", "Export CSV"),
    ("nat_progress", "Підключення", "Onboarding"),
    ("nat_next", "Далі", "Next"),
    ("res_nav_onboarding", "Підключення до єКров", "Onboarding"),
    ("res_nav_my_resources", "Мої ресурси", "My resources"),
    (
        "res_onboarding_title",
        "Підключення закладу до єКров",
        "Onboarding the facility to eKrov",
    ),
    (
        "res_onboarding_lead",
        "кроки інструкції «Перші кроки в системі єКров», пораховані з даних закладу",
        "the steps of the onboarding guide, computed from the facility's data",
    ),
    ("res_step_done", "виконано", "done"),
    ("res_step_todo", "не виконано", "to do"),
    ("res_step_optional", "за наявності", "if present"),
    ("res_seed_step", "Крок", "Step"),
    ("res_do_next", "Перейти", "Go"),
    (
        "res_all_done",
        "Усі кроки виконано. Очікуйте подальших інструкцій МОЗ щодо роботи в єКров.",
        "All steps are done. Await the Ministry of Health's further instructions on working in eKrov.",
    ),
    (
        "res_invitations",
        "Запрошення, що очікують",
        "Invitations waiting",
    ),
    (
        "res_no_invitations",
        "Немає запрошень, що очікують.",
        "No invitations are waiting.",
    ),
    ("res_time_left", "залишилося", "left:"),
    ("res_until", "до", "until"),
    ("res_tab_positions", "Посади", "Positions"),
    ("res_tab_workplaces", "Робочі місця", "Workplaces"),
    ("res_tab_resources", "Ресурси", "Resources"),
    ("res_saved", "Збережено.", "Saved."),
    (
        "res_add_workplace",
        "+ Створити робоче місце",
        "+ Create a workplace",
    ),
    ("res_new_workplace", "Нове робоче місце", "New workplace"),
    (
        "res_no_workplaces",
        "Робочих місць ще немає.",
        "No workplaces yet.",
    ),
    (
        "res_absent_hint",
        "Якщо інвентаризацію приміщень не проводили, введіть у полі «Інвентарний номер» слово «відсутній».",
        "If the premises were not inventoried, type «відсутній» in «Інвентарний номер».",
    ),
    (
        "res_create_equipment",
        "+ Створити обладнання",
        "+ Create equipment",
    ),
    ("res_new_equipment", "Нове обладнання", "New equipment"),
    (
        "res_no_equipment",
        "Обладнання ще не внесено.",
        "No equipment entered yet.",
    ),
    (
        "res_no_equipment_view",
        "Перегляд обладнання потребує дозволу equipment.view.",
        "Viewing equipment needs the equipment.view permission.",
    ),
    (
        "res_equipment_hint",
        "Залиште межі температури порожніми, щоб узяти типовий діапазон виду обладнання.",
        "Leave the temperature range empty to take the kind's default range.",
    ),
    ("res_col_maker", "Виробник, модель", "Manufacturer, model"),
    (
        "res_col_range",
        "Температура зберігання",
        "Storage temperature",
    ),
    ("res_col_department", "Відділ", "Department"),
    (
        "res_my_note",
        "Тут лише перегляд. Обладнання вносять в «Організаційній структурі»: оберіть відділ (ЛБК) і натисніть на вкладку «Ресурси».",
        "Read-only. Equipment is entered in «Organisational structure»: select the department and open its «Resources» tab.",
    ),
    ("res_check_overdue", "повірку прострочено", "check overdue"),
    ("res_check_soon", "повірка незабаром", "check due soon"),
    (
        "res_my_none",
        "Обладнання відділів, де ви працюєте, ще не внесено.",
        "No equipment in the departments where you work yet.",
    ),
    ("res_f_kind", "Вид обладнання", "Kind of equipment"),
    ("res_f_name", "Назва", "Name"),
    ("res_f_room", "Кімната", "Room"),
    (
        "res_f_inventory_number",
        "Інвентарний номер",
        "Inventory number",
    ),
    (
        "res_f_employee_ids",
        "Працівники на цьому місці",
        "Employees working here",
    ),
    ("res_f_manufacturer", "Виробник", "Manufacturer"),
    ("res_f_model", "Модель", "Model"),
    ("res_f_serial_number", "Серійний номер", "Serial number"),
    ("res_f_year_made", "Рік виготовлення", "Year made"),
    (
        "res_f_in_service_on",
        "Дата введення в експлуатацію",
        "In service since",
    ),
    (
        "res_f_temp_min_c",
        "Температура зберігання від, °C",
        "Storage temperature from, °C",
    ),
    (
        "res_f_temp_max_c",
        "Температура зберігання до, °C",
        "Storage temperature to, °C",
    ),
    ("res_f_status", "Стан", "Status"),
    (
        "res_f_status_reason",
        "Причина (для списаного — обов'язково)",
        "Reason (required when decommissioned)",
    ),
    (
        "res_f_last_check_on",
        "Остання метрологічна повірка",
        "Last metrological check",
    ),
    (
        "res_f_next_check_on",
        "Наступна метрологічна повірка",
        "Next metrological check",
    ),
    ("res_f_workplace_id", "Робоче місце", "Workplace"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_both_languages_and_no_duplicates() {
        let all: Vec<_> = TEXTS.iter().chain(RESOURCE_TEXTS).collect();
        for (i, (k, uk, en)) in all.iter().enumerate() {
            assert!(!uk.is_empty() && !en.is_empty(), "{k}");
            assert!(
                all[i + 1..].iter().all(|(k2, _, _)| k2 != k),
                "duplicate key {k}"
            );
        }
    }

    #[test]
    fn ukrainian_plural_forms() {
        let t = Tr(Lang::Uk);
        assert_eq!(t.days_left(1), "залишився 1 робочий день");
        assert_eq!(t.days_left(3), "залишилося 3 робочі дні");
        assert_eq!(t.days_left(11), "залишилося 11 робочих днів");
        assert_eq!(t.days_left(21), "залишився 21 робочий день");
        assert_eq!(t.days_left(-2), "прострочено на 2 робочі дні");
        assert_eq!(Tr(Lang::En).days_left(1), "1 working day left");
    }
}
