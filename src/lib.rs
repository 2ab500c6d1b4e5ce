//! `backlog`: a terminal backlog manager where a PM's strategy and a PO's
//! execution live in one JSON workspace file.
//!
//! Layers, each knowing only those below it: [`domain`] (the model and its
//! rules), [`store`] (the file), then the two front ends over them: [`cli`]
//! and [`tui`]; [`agent`] serves the CLI's commands to coding agents.

pub mod agent;
pub mod cli;
pub mod config;
pub mod domain;
pub mod identity;
pub mod store;
pub mod tui;
