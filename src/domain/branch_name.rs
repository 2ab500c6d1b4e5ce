//! The name `backlog git branch` gives a story's branch, from the
//! workspace's template: `{key}-{slug}` by default (`BL-12-login-form`).
//! A template is checked when it is set, so every name it makes is one git
//! takes.

use super::item::Item;

/// The template when the workspace sets none.
pub const DEFAULT_TEMPLATE: &str = "{key}-{slug}";

/// What a template may hold.
pub const PLACEHOLDERS: [&str; 4] = ["{key}", "{key_lower}", "{slug}", "{kind}"];

/// The longest slug, in characters: a branch name stays readable in `git
/// branch` and in a prompt.
pub const SLUG_MAX: usize = 40;

/// Why a template cannot be used, if it cannot: it must name the key, use
/// only the placeholders above, and otherwise hold only letters, digits,
/// `-`, `_`, `.` and `/` in a shape git accepts as a branch name.
pub fn check_template(t: &str) -> Result<(), String> {
    if !t.contains("{key}") && !t.contains("{key_lower}") {
        return Err("must hold {key} (or {key_lower}), so the branch names its story".into());
    }
    let mut literal = t.to_owned();
    for p in PLACEHOLDERS {
        literal = literal.replace(p, "x");
    }
    if let Some(c) = literal.chars().find(|c| !(c.is_ascii_alphanumeric() || "-_./".contains(*c))) {
        return Err(format!("{c:?} is not allowed: use {}, letters, digits, -, _, . and /", PLACEHOLDERS.join(", ")));
    }
    let bad_shape = literal.starts_with(['/', '-', '.'])
        || literal.ends_with(['/', '.'])
        || literal.ends_with(".lock")
        || literal.contains("..")
        || literal.contains("//")
        || literal.split('/').any(|part| part.starts_with('.') || part.ends_with(".lock"));
    if bad_shape {
        return Err("git would refuse that branch name (no leading / - or ., no .., //, or .lock)".into());
    }
    Ok(())
}

/// `title` as a slug: lower-case ASCII words joined by hyphens, accents
/// taken off the Latin letters that have them, at most `max` characters
/// (cut at a hyphen when one is near).
pub fn slug(title: &str, max: usize) -> String {
    let mut out = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        let folded = fold(c);
        let piece = match folded {
            Some(s) => s,
            None if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            None => "-",
        };
        for p in piece.chars() {
            if p == '-' && (out.is_empty() || out.ends_with('-')) {
                continue;
            }
            out.push(p);
        }
    }
    let mut s = out.trim_end_matches('-').to_owned();
    if s.len() > max {
        let cut = &s[..max];
        // Cut at the last hyphen unless that loses more than a third.
        s = match cut.rfind('-') {
            Some(i) if i >= max * 2 / 3 => cut[..i].to_owned(),
            _ => cut.trim_end_matches('-').to_owned(),
        };
    }
    s
}

/// The ASCII for a Latin letter with a mark (and a few ligatures); `None`
/// for anything else.
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'ł' | 'ľ' | 'ĺ' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ř' | 'ŕ' => "r",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'þ' => "th",
        _ => return None,
    })
}

/// The branch name for `item` from `template` (already checked). A
/// placeholder that comes out empty (a title with no Latin letters) leaves
/// no stray separator behind.
pub fn name(template: &str, item: &Item) -> String {
    let template = if template.trim().is_empty() { DEFAULT_TEMPLATE } else { template };
    let raw = template
        .replace("{key_lower}", &item.key.to_ascii_lowercase())
        .replace("{key}", &item.key)
        .replace("{slug}", &slug(&item.title, SLUG_MAX))
        .replace("{kind}", item.kind.as_str());
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        let sep = matches!(c, '-' | '_' | '.' | '/');
        if sep && out.ends_with(['-', '_', '.', '/']) {
            continue;
        }
        out.push(c);
    }
    out.trim_end_matches(['-', '_', '.', '/']).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(key: &str, title: &str) -> Item {
        serde_json::from_value(serde_json::json!({
            "id": uuid::Uuid::nil(), "owner": "po", "created_at": "2026-01-01T00:00:00Z",
            "updated_at": "2026-01-01T00:00:00Z", "updated_by": "po", "rev": 1,
            "key": key, "kind": "bug", "title": title, "status": "new", "rank": "a0"
        }))
        .expect("an item")
    }

    #[test]
    fn slugs_are_lower_case_ascii_words_with_hyphens() {
        assert_eq!(slug("Sign up with e-mail!", 40), "sign-up-with-e-mail");
        assert_eq!(slug("  Überweisung: Gebühren & Café  ", 40), "uberweisung-gebuhren-cafe");
        assert_eq!(slug("Straße", 40), "strasse");
        assert_eq!(slug("导出 CSV", 40), "csv");
        assert_eq!(slug("日本語", 40), "");
        assert_eq!(slug("\u{1b}[31mred\u{7}", 40), "31mred");
    }

    #[test]
    fn a_long_slug_is_cut_at_a_hyphen_near_the_limit() {
        let s = slug("Export the quarterly revenue report for the finance team as a spreadsheet", 40);
        assert!(s.len() <= 40, "{s}");
        assert_eq!(s, "export-the-quarterly-revenue-report-for");
        assert_eq!(slug(&"a".repeat(50), 40), "a".repeat(40));
    }

    #[test]
    fn names_from_the_template() {
        let i = item("BL-12", "Login form");
        assert_eq!(name(DEFAULT_TEMPLATE, &i), "BL-12-login-form");
        assert_eq!(name("", &i), "BL-12-login-form");
        assert_eq!(name("{kind}/{key_lower}-{slug}", &i), "bug/bl-12-login-form");
        assert_eq!(name("{key}-{slug}", &item("BL-3", "日本語")), "BL-3");
        assert_eq!(name("feature/{slug}/{key}", &item("BL-3", "日本語")), "feature/BL-3");
    }

    #[test]
    fn templates_git_would_refuse_are_refused() {
        for ok in [DEFAULT_TEMPLATE, "{kind}/{key_lower}-{slug}", "feature/{key}", "{key}"] {
            assert_eq!(check_template(ok), Ok(()), "{ok}");
        }
        for bad in [
            "{slug}",
            "{key} {slug}",
            "{key}~1",
            "/{key}",
            "-{key}",
            "{key}..x",
            "{key}.lock",
            "{key}/",
            "a//{key}",
            "{key}/.x",
            "{key}-{title}",
        ] {
            assert!(check_template(bad).is_err(), "{bad} is refused");
        }
    }
}
