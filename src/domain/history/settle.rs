//! After a merge: what the merge itself changed, as history.
//!
//! Each side's records come through a merge whole, in time order. Where
//! the merge kept a value that is not the latest record's (one side's
//! edit kept over a later one, a key renumbered, a rank or link
//! repaired), replaying the records would end elsewhere than the entity
//! is; the merge then records its own edit, from the value the records
//! say to the value it kept.

use super::{CREATED, Edit};
use crate::domain::entity::EntityRef;
use crate::domain::workspace::Workspace;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// The edits that bring the records of `touched` entities to what `ws`
/// holds, oldest field first.
pub fn settle(ws: &Workspace, touched: &[EntityRef]) -> Vec<Edit> {
    let ids: HashSet<Uuid> = touched.iter().filter_map(|r| r.id()).collect();
    if ids.is_empty() {
        return Vec::new();
    }
    // The latest recorded value of each (entity, field); `None` where the
    // latest edit no longer knows it (compacted, or a list edit).
    let mut latest: HashMap<(Uuid, &str), Option<&Value>> = HashMap::new();
    for r in ws.history.records().iter().rev() {
        for e in r.edits.iter().rev() {
            let Some(id) = e.id.filter(|id| ids.contains(id)) else { continue };
            if e.field == CREATED {
                continue;
            }
            let known = !(e.compacted || e.is_list());
            latest.entry((id, e.field.as_str())).or_insert(known.then_some(&e.new));
        }
    }
    let mut current: HashMap<Uuid, Option<Value>> = HashMap::new();
    let mut out = Vec::new();
    let mut keys: Vec<_> = latest.into_iter().filter_map(|(k, v)| v.map(|v| (k, v))).collect();
    keys.sort_by(|a, b| a.0.cmp(&b.0));
    for ((id, field), recorded) in keys {
        let Some(r) = touched.iter().copied().find(|r| r.id() == Some(id)) else { continue };
        let now = current.entry(id).or_insert_with(|| ws.get(r).map(|e| e.to_value()));
        let Some(now) = now else { continue };
        let holds = now.get(field).unwrap_or(&Value::Null);
        if holds != recorded {
            out.push(Edit::new(r, field, recorded.clone(), holds.clone()));
        }
    }
    out
}
