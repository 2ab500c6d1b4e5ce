//! After a merge: what the merge itself changed, as history.
//!
//! Each side's records come through a merge whole, in time order. Where
//! the merge kept a value that is not the latest record's (one side's
//! edit kept over a later one, a key renumbered, a rank or link
//! repaired), replaying the records would end elsewhere than the entity
//! is; the merge then records its own edit, from the value the records
//! say to the value it kept.

use super::{CREATED, Edit, edits_of};
use crate::domain::entity::EntityRef;
use crate::domain::workspace::Workspace;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// The edits that bring the records of `touched` entities to what `ws`
/// holds: each entity with its version before the merge (`None`: created
/// by it), whose fields stand where no record says otherwise.
pub fn settle(ws: &Workspace, touched: &[(EntityRef, Option<Value>)]) -> Vec<Edit> {
    let ids: HashSet<Uuid> = touched.iter().filter_map(|(r, _)| r.id()).collect();
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
            latest.entry((id, &*e.field)).or_insert(known.then_some(&e.new));
        }
    }
    let mut out = Vec::new();
    for (r, base) in touched {
        let (Some(id), Some(base)) = (r.id(), base) else { continue };
        let Some(now) = ws.get(*r).map(|e| e.to_value()) else { continue };
        // Only the fields a record would keep: the diff of the base and
        // now says which, and their names.
        for e in edits_of(*r, base, &now) {
            if e.is_list() {
                continue;
            }
            let expected = match latest.get(&(id, &*e.field)) {
                Some(Some(v)) => *v,
                Some(None) => continue,
                None => &e.old,
            };
            if *expected != e.new {
                out.push(Edit::new(*r, &e.field, expected.clone(), e.new.clone()));
            }
        }
        // A field back at its base value while a record says otherwise.
        for (&(eid, field), v) in &latest {
            let Some(v) = v.filter(|_| eid == id) else { continue };
            let holds = now.get(field).unwrap_or(&Value::Null);
            if holds != v && base.get(field).unwrap_or(&Value::Null) == holds {
                out.push(Edit::new(*r, field, v.clone(), holds.clone()));
            }
        }
    }
    out.sort_by(|a, b| (a.id, &a.field).cmp(&(b.id, &b.field)));
    out.dedup_by(|a, b| a.id == b.id && a.field == b.field);
    out
}
