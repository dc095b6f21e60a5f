//! Frontdoor's core: the domain of a 211 conversation, the ports the outside world plugs into, and
//! the dialogue engine.
//!
//! - [`types`]: validated newtypes parsed once at the edge (`PhoneNumber`, `LanguageTag`,
//!   `NeedLabel`, `ServiceId`, `Fsa`...). Past the edge nothing holds an unchecked `String`.
//! - [`conversation`]: `Conversation`, `Message`, `Inbound` (what a channel adapter produced) and
//!   `OutboundDraft` (what the engine wants said).
//! - [`event`]: interaction events for planners and navigators (need recorded, crisis detected...).
//! - [`ports`]: the traits adapters implement: [`ports::Store`], [`ports::Understanding`],
//!   [`ports::Directory`], [`ports::OutboundSender`] and [`ports::Clock`].
//! - [`engine`]: [`engine::Engine::handle`], the one entry point that turns a conversation and an
//!   inbound message into replies, events and a new dialogue state.
//!
//! What this crate leaves to others: it does no I/O, knows no wire format (no HTTP, no JSON
//! payloads of providers, no SQL) and never logs message text.
//!
//! ```
//! use frontdoor_core::types::{NeedLabel, PhoneNumber};
//! let phone = PhoneNumber::parse("+1 (416) 555-0123").unwrap();
//! assert_eq!(phone.as_str(), "+14165550123");
//! assert_eq!("food".parse::<NeedLabel>().unwrap(), NeedLabel::Food);
//! ```

pub mod clock;
pub mod conversation;
pub mod dialogue;
pub mod engine;
pub mod event;
pub mod gloss;
pub mod hours;
pub mod inbox;
pub mod localization;
pub mod ports;
pub mod record;
pub mod types;
