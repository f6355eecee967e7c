//! Language tags, as sources give them (`language: ru`): the well-formed
//! subset of BCP 47 that editors need (a language, then optional script,
//! region or variant subtags: `en`, `hy`, `pt-BR`, `sr-Latn`), and the
//! English name a reader sees ("in Russian").

/// English names of the languages the explainer's sources are likely to
/// be in, by primary subtag.
const NAMES: &[(&str, &str)] = &[
    ("ar", "Arabic"),
    ("az", "Azerbaijani"),
    ("be", "Belarusian"),
    ("bg", "Bulgarian"),
    ("ce", "Chechen"),
    ("cs", "Czech"),
    ("da", "Danish"),
    ("de", "German"),
    ("el", "Greek"),
    ("en", "English"),
    ("es", "Spanish"),
    ("et", "Estonian"),
    ("fa", "Persian"),
    ("fi", "Finnish"),
    ("fr", "French"),
    ("he", "Hebrew"),
    ("hi", "Hindi"),
    ("hu", "Hungarian"),
    ("hy", "Armenian"),
    ("hyw", "Western Armenian"),
    ("it", "Italian"),
    ("ja", "Japanese"),
    ("ka", "Georgian"),
    ("kk", "Kazakh"),
    ("ko", "Korean"),
    ("ku", "Kurdish"),
    ("lt", "Lithuanian"),
    ("lv", "Latvian"),
    ("nl", "Dutch"),
    ("no", "Norwegian"),
    ("pl", "Polish"),
    ("pt", "Portuguese"),
    ("ro", "Romanian"),
    ("ru", "Russian"),
    ("sk", "Slovak"),
    ("sr", "Serbian"),
    ("sv", "Swedish"),
    ("tr", "Turkish"),
    ("uk", "Ukrainian"),
    ("ur", "Urdu"),
    ("uz", "Uzbek"),
    ("zh", "Chinese"),
];

/// The primary subtag of a tag: `pt` for `pt-BR`.
pub fn primary(tag: &str) -> &str {
    tag.split('-').next().unwrap_or(tag)
}

/// The English name of a tag's language, when the site knows it.
pub fn name(tag: &str) -> Option<&'static str> {
    let p = primary(tag);
    NAMES.iter().find(|(t, _)| *t == p).map(|(_, n)| *n)
}

/// The tag for a language written out as a name (`Russian` -> `ru`), for
/// hints.
pub fn tag_for_name(name: &str) -> Option<&'static str> {
    NAMES
        .iter()
        .find(|(_, n)| n.eq_ignore_ascii_case(name.trim()))
        .map(|(t, _)| *t)
}

/// Whether two tags name the same language (their primary subtags agree).
pub fn same_language(a: &str, b: &str) -> bool {
    primary(a).eq_ignore_ascii_case(primary(b))
}

/// Check `tag`'s form: a lowercase language of 2 or 3 letters, then
/// subtags of 2 to 8 letters or digits, separated by `-`. Returns what is
/// wrong, for an error message.
pub fn check(tag: &str) -> Result<(), String> {
    let mut parts = tag.split('-');
    let lang = parts.next().unwrap_or_default();
    let letters = |s: &str| s.bytes().all(|b| b.is_ascii_alphabetic());
    if !(2..=3).contains(&lang.len()) || !letters(lang) {
        return Err(format!(
            "`{tag}` is not a language tag: it must start with a language code of 2 or 3 letters"
        ));
    }
    if lang.bytes().any(|b| b.is_ascii_uppercase()) {
        return Err(format!(
            "`{tag}` is not a language tag as the site writes them: the language code is lowercase"
        ));
    }
    for sub in parts {
        let ok = (2..=8).contains(&sub.len()) && sub.bytes().all(|b| b.is_ascii_alphanumeric());
        if !ok {
            return Err(format!(
                "`{tag}` is not a language tag: `{sub}` must be 2 to 8 letters or digits"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_formed_tags_pass_and_others_say_why() {
        for ok in [
            "en",
            "ru",
            "hy",
            "az",
            "pt-BR",
            "sr-Latn",
            "hyw",
            "az-Latn-AZ",
        ] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
        for bad in [
            "", "e", "english", "Russian", "EN", "en_GB", "en-", "ru-x", "12",
        ] {
            assert!(check(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn names_come_from_the_primary_subtag() {
        assert_eq!(name("ru"), Some("Russian"));
        assert_eq!(name("pt-BR"), Some("Portuguese"));
        assert_eq!(name("xx"), None);
        assert_eq!(tag_for_name("armenian"), Some("hy"));
        assert!(same_language("en-GB", "en"));
        assert!(!same_language("ru", "en"));
    }
}
