//! What connects items to each other and to people: `blocks` links,
//! comments, the assignee, and the Definition of Ready/Done gate.

use crate::domain::error::DomainError;
use crate::domain::item::{Comment, Status};
use crate::domain::ready::{Gate, missing_for};
use crate::domain::rules;
use crate::domain::text::{clean, clean_line};
use crate::domain::tx::Tx;
use crate::domain::workspace::GuardMode;
use uuid::Uuid;

pub(super) fn link(tx: &mut Tx, blocker: Uuid, blocked: Uuid, linked: bool) -> Result<String, DomainError> {
    let (a, b) = (tx.item(blocker)?.key.clone(), tx.item(blocked)?.key.clone());
    if blocker == blocked {
        return Err(DomainError::invalid("blocks", "an item cannot block itself"));
    }
    if linked {
        rules::blocks(tx.ws, blocker, blocked)?;
    }
    let item = tx.item_mut(blocker)?;
    let had = item.blocks.contains(&blocked);
    if linked && !had {
        item.blocks.push(blocked);
        item.blocks.sort();
    } else if !linked {
        item.blocks.retain(|x| *x != blocked);
    }
    Ok(match (linked, had) {
        (true, true) => format!("{a} already blocks {b}"),
        (true, false) => format!("{a} now blocks {b}"),
        (false, true) => format!("{a} no longer blocks {b}"),
        (false, false) => format!("{a} did not block {b}"),
    })
}

pub(super) fn comment(tx: &mut Tx, id: Uuid, text: String) -> Result<String, DomainError> {
    let text = clean(&text).trim().to_owned();
    if text.is_empty() {
        return Err(DomainError::invalid("comment", "must not be empty"));
    }
    let (at, role) = (tx.now(), tx.ctx.role);
    let author = clean_line(&tx.ctx.user);
    let author = if author.is_empty() { role.as_str().to_owned() } else { author };
    // Unguarded: a comment changes nothing the owner decided.
    let item = tx.item_mut_unguarded(id)?;
    item.comments.push(Comment { at, author, role, text, extra: Default::default() });
    Ok(format!("Commented on {}", item.key))
}

/// Checks an item about to enter `status` against its definition; under
/// `warn` an unconfirmed session is asked, a confirmed one told.
pub(super) fn gate(tx: &mut Tx, id: Uuid, status: Status) -> Result<(), DomainError> {
    let Some(gate) = Gate::entering(status) else { return Ok(()) };
    let mode = tx.ws.settings.definition_guard;
    if mode == GuardMode::Off {
        return Ok(());
    }
    tx.sync_links();
    let item = tx.item(id)?;
    let missing = missing_for(tx.ws, gate, item);
    if missing.is_empty() {
        return Ok(());
    }
    let key = item.key.clone();
    match mode {
        GuardMode::Strict => Err(DomainError::NotReady { key, gate: gate.name(), missing }),
        _ if tx.ctx.confirmed => {
            tx.warnings.push(format!("{key} misses the {}: {}", gate.name(), missing.join(", ")));
            Ok(())
        }
        _ => Err(DomainError::NeedsReadyConfirmation { key, gate: gate.name(), missing, items: 1 }),
    }
}

pub(super) fn clean_assignee(a: Option<String>) -> Option<String> {
    a.map(|a| clean_line(&a)).filter(|a| !a.is_empty())
}

pub(super) use crate::domain::item::clean_comments;
