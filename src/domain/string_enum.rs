//! The `string_enum!` macro: enums stored as fixed strings (kinds,
//! statuses, scores' scales, checks). Its own module, below every type
//! made with it, so that `score` need not import `item` for it while
//! `item` imports `score` for the scoring an item carries.

macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $(#[serde(rename = $s)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $s),+ }
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                let norm = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
                $(if norm == $s { return Ok($name::$variant); })+
                Err(format!(
                    "unknown {} {:?}: use one of {}",
                    $crate::domain::text::words_of(stringify!($name)),
                    s,
                    [$($s),+].join(", ")
                ))
            }
        }
    };
}
pub(crate) use string_enum;
