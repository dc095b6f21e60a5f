//! Channel adapters (SMS, web chat, email): verify and parse inbound requests into core
//! `Inbound` values, render and send outbound messages. Only this crate knows a provider protocol.
