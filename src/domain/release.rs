//! Releases (schema 6): a named version with a target date and the items
//! that ship in it. Whether it makes its date is a forecast (see
//! [`super::forecast::release`]), never stored.

use super::entity::{Extra, Meta};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Release {
    #[serde(flatten)]
    pub meta: Meta,
    /// Unique among live releases, any case: `2.4`, `Winter launch`.
    pub name: String,
    /// The day it is meant to ship.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The day it shipped: a shipped release is history, not forecast.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipped: Option<NaiveDate>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Release {
    pub fn is_live(&self) -> bool {
        self.meta.is_live()
    }
}
