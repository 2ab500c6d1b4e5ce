//! Stakeholder pages as HTML.
use crate::domain::Workspace;
use crate::domain::sprint::Sprint;
pub fn roadmap(_ws: &Workspace) -> String {
    String::new()
}
pub fn vision(_ws: &Workspace) -> String {
    String::new()
}
pub fn sprint(_ws: &Workspace, _s: &Sprint, _today: chrono::NaiveDate) -> String {
    String::new()
}
