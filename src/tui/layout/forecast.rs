//! A forecast's lines in a detail (an epic's, an initiative's): the dates
//! at 50, 85 and 95%, and what they were made from, or why there are none.

use crate::tui::derive::forecast::{Outlook, remaining_text, when_text};
use crate::tui::state::State;
use crate::tui::widgets::{truncate, wrap};
use ratatui::text::{Line, Span};

/// The forecast of an epic or initiative (`outlook`; `None`: it has no
/// open work) in lines `width` wide. Nothing before the forecasts are
/// first made.
pub fn forecast_lines(state: &State, outlook: Option<&Outlook>, width: usize) -> Vec<Line<'static>> {
    let t = &state.theme;
    let Some(method) = state.forecasts.method() else { return Vec::new() };
    let d = match outlook {
        None => return vec![Line::from(Span::styled(truncate("Forecast: no open work left", width), t.dim()))],
        Some(Err(e)) => return vec![Line::from(Span::styled(truncate(&format!("No forecast: {e}"), width), t.dim()))],
        Some(Ok(d)) => d,
    };
    let mut lines = vec![Line::from(Span::styled("Forecast", t.title()))];
    for (k, p) in [50, 85, 95].iter().enumerate() {
        lines.push(Line::from(vec![
            Span::styled(format!("  {p}% "), t.dim()),
            Span::styled(truncate(&when_text(d.sprints[k], d.dates[k]), width.saturating_sub(6)), t.text()),
        ]));
    }
    let made = format!(
        "{} · {} closed sprints sampled, {} trials, seed {}",
        remaining_text(&d.remaining),
        d.sampled,
        method.trials,
        method.seed
    );
    lines.extend(wrap(&made, width, "  ").into_iter().map(|l| Line::from(Span::styled(l, t.dim()))));
    lines
}
