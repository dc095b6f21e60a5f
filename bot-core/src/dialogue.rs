//! The 211 conversation as an explicit state machine ([`StateName`]), the policy a skilled
//! navigator would follow: welcome, settle the language, understand the need (clarify when two
//! are close), ask for a place only when it changes the answer, refer real services, offer a
//! follow-up, and hand over to a person on request, on crisis, on low confidence, on a language
//! the bot cannot write, or on repeated failure. A crisis pre-empts every state.
//!
//! Texts come from [`Texts`] (Project Fluent, `dialogs/`); every service detail in a reply is
//! copied from a directory [`Referral`].

use crate::conversation::{Choice, ConversationStatus, OutboundDraft};
use crate::engine::{Policy, Ports, TurnInput};
use crate::event::{Event, HandoffReason, HandoffRequest};
use crate::hours::NavigatorHours;
use crate::localization::{normalize, Command, Texts};
use crate::ports::{DirectoryQuery, GeoPoint, Referral, TurnOutcome, Understood};
use crate::types::{ChannelKind, Fsa, LanguageTag, NeedLabel};
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The named states of a conversation (docs/DIALOGUE.md describes each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StateName {
    /// Nothing said yet.
    #[default]
    Start,
    /// Asked what the person needs.
    AwaitingNeed,
    /// Unsure of the language: asked to confirm it.
    ConfirmLanguage,
    /// Two needs were close: offered numbered choices.
    ClarifyNeed,
    /// Could not understand: offered a person.
    OfferNavigator,
    /// Asked where the person is.
    AwaitingLocation,
    /// Referrals shown: a number gives details, "more" the next ones.
    ShowingReferrals,
    /// Asked whether we may check in later.
    FollowUpOffer,
    /// A person owns (or will own) the conversation; the bot is silent but for crisis replies.
    Handoff,
    /// The person said goodbye.
    Closed,
}

impl StateName {
    /// The state's name as scripts and docs write it.
    pub fn as_str(self) -> &'static str {
        match self {
            StateName::Start => "start",
            StateName::AwaitingNeed => "awaiting_need",
            StateName::ConfirmLanguage => "confirm_language",
            StateName::ClarifyNeed => "clarify_need",
            StateName::OfferNavigator => "offer_navigator",
            StateName::AwaitingLocation => "awaiting_location",
            StateName::ShowingReferrals => "showing_referrals",
            StateName::FollowUpOffer => "follow_up_offer",
            StateName::Handoff => "handoff",
            StateName::Closed => "closed",
        }
    }
}

/// A place kept for the conversation: a name and a centre, never more precise than a
/// municipality or postal-code area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedLocation {
    /// What to call it.
    pub name: String,
    /// Its postal-code area, when known.
    pub fsa: Option<Fsa>,
    /// Its centre.
    pub point: GeoPoint,
}

/// What the dialogue remembers between turns (stored as the conversation's JSON state).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DialogueState {
    /// Where the conversation is.
    pub state: StateName,
    /// The need being served.
    pub need: Option<NeedLabel>,
    /// The words the need was asked in (the directory query).
    pub query: Option<String>,
    /// Needs offered as choices.
    pub choices: Vec<NeedLabel>,
    /// Where to look.
    pub location: Option<SavedLocation>,
    /// Referrals already shown for this need.
    pub offset: usize,
    /// The referrals on screen (for "a number for details").
    pub shown: Vec<Referral>,
    /// Clarifications asked for the current need.
    pub clarifications: u8,
    /// Messages not understood in a row.
    pub failures: u8,
    /// A message held while the language is confirmed.
    pub pending_text: Option<String>,
    /// Whether any referral was given.
    pub referred: bool,
    /// Whether the follow-up was offered.
    pub follow_up_asked: bool,
    /// Whether the welcome was said.
    pub welcomed: bool,
}

/// Dialogue settings (`dialogs/settings.toml`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DialogueSettings {
    /// When navigators answer.
    pub navigator_hours: NavigatorHours,
    /// Days until the opt-in follow-up.
    pub follow_up_days: u32,
    /// A need at or above this confidence is taken without asking.
    pub need_confident: f32,
    /// Two needs closer than this are offered as choices.
    pub need_margin: f32,
    /// Below this confidence the message is not understood.
    pub need_floor: f32,
    /// A detected language below this confidence is confirmed first.
    pub language_confident: f32,
    /// Estimated minutes of wait per person ahead in the queue.
    pub minutes_per_person_ahead: u32,
    /// Referrals per page.
    pub referrals_per_page: usize,
}

impl Default for DialogueSettings {
    fn default() -> Self {
        Self {
            navigator_hours: NavigatorHours {
                always: true,
                ..NavigatorHours::default()
            },
            follow_up_days: 3,
            need_confident: 0.55,
            need_margin: 0.12,
            need_floor: 0.3,
            language_confident: 0.6,
            minutes_per_person_ahead: 5,
            referrals_per_page: 3,
        }
    }
}

/// Below this language confidence the bot does not even ask to confirm the language.
const LANGUAGE_FLOOR: f32 = 0.3;

/// The full 211 dialogue policy.
pub struct DialoguePolicy {
    texts: Arc<Texts>,
    settings: DialogueSettings,
}

impl DialoguePolicy {
    /// A policy writing `texts` under `settings`.
    pub fn new(texts: Arc<Texts>, settings: DialogueSettings) -> Self {
        Self { texts, settings }
    }
}

/// One turn being built.
struct Turn<'a> {
    input: TurnInput<'a>,
    st: DialogueState,
    out: TurnOutcome,
    lang: LanguageTag,
}

impl Turn<'_> {
    fn say(&mut self, text: String) {
        self.out.replies.push(OutboundDraft::bot(text));
    }

    fn say_with_choices(&mut self, text: String, labels: Vec<String>) {
        let mut full = text;
        let choices: Vec<Choice> = labels
            .into_iter()
            .enumerate()
            .map(|(i, label)| Choice {
                key: (i + 1).to_string(),
                label,
            })
            .collect();
        for c in &choices {
            full.push_str(&format!("\n{}. {}", c.key, c.label));
        }
        self.out.replies.push(OutboundDraft {
            text: full,
            choices,
            author: crate::conversation::Author::Bot,
        });
    }

    fn channel(&self) -> ChannelKind {
        self.input.conversation.channel()
    }
}

/// A numbered choice in a short reply ("2", "#2", "option 2", "2."), 1-based.
fn choice_number(text: &str, max: usize) -> Option<usize> {
    let norm = normalize(text);
    let words: Vec<&str> = norm.split(' ').collect();
    if words.len() > 3 {
        return None;
    }
    let n: usize = words.iter().find_map(|w| w.parse().ok())?;
    (1..=max).contains(&n).then_some(n)
}

#[async_trait]
impl Policy for DialoguePolicy {
    async fn respond(&self, input: TurnInput<'_>, understood: &Understood, ports: &Ports) -> TurnOutcome {
        let mut conversation = input.conversation.clone();
        conversation.updated_at = input.now;
        let st: DialogueState = serde_json::from_value(conversation.state.clone()).unwrap_or_default();
        let lang = conversation.lang.clone().unwrap_or_else(LanguageTag::english);
        let mut turn = Turn {
            input,
            st,
            out: TurnOutcome {
                conversation,
                replies: Vec::new(),
                events: Vec::new(),
                handoff: None,
            },
            lang,
        };
        self.turn(&mut turn, understood, ports).await;
        turn.out.conversation.lang = Some(turn.lang.clone());
        turn.out.conversation.state = serde_json::to_value(&turn.st).unwrap_or_default();
        turn.out
    }
}

impl DialoguePolicy {
    fn t(&self, turn: &Turn<'_>, id: &str, args: &[(&str, String)]) -> String {
        self.texts.get(&turn.lang, id, args)
    }

    async fn turn(&self, turn: &mut Turn<'_>, understood: &Understood, ports: &Ports) {
        if let Some(crisis) = understood.crisis {
            self.crisis(turn, understood, crisis.kind, ports).await;
            return;
        }
        if turn.out.conversation.status == ConversationStatus::Handoff {
            return; // a navigator owns the conversation
        }
        let text = turn.input.inbound.text.trim().to_owned();
        if text.is_empty() {
            self.welcome_once(turn);
            // An SMS without text is an MMS with only a picture or other media (the channel keeps
            // media out of the message): say that only text is read, and ask for words.
            let id = if turn.channel() == ChannelKind::Sms {
                "media-not-read"
            } else {
                "not-understood"
            };
            turn.say(self.t(turn, id, &[]));
            return;
        }
        if self.settle_language(turn, understood, &text).is_break() {
            return;
        }
        if turn.st.state == StateName::ConfirmLanguage {
            self.confirm_language(turn, &text, ports).await;
            return;
        }
        self.converse(turn, understood, &text, ports).await;
    }

    /// Everything after the language is known.
    async fn converse(&self, turn: &mut Turn<'_>, understood: &Understood, text: &str, ports: &Ports) {
        // A keyword inside a message that states a need ("personne âgée", "thanks, I also need
        // food") does not override the need.
        let command = match self.texts.command_match(&turn.lang, text) {
            Some((_, false)) if self.has_need(understood) => None,
            other => other.map(|(c, _)| c),
        };
        if command == Some(Command::Person) {
            self.welcome_once(turn);
            self.handoff(turn, HandoffReason::Requested, false, ports).await;
            return;
        }
        if self.state_reply(turn, understood, text, command, ports).await {
            return;
        }
        match command {
            Some(Command::Help) => {
                self.welcome_once(turn);
                turn.say(self.t(turn, "capabilities", &[]));
                turn.st.state = StateName::AwaitingNeed;
                return;
            }
            Some(c @ (Command::Thanks | Command::Bye)) if !self.has_need(understood) => {
                self.closing(turn, c == Command::Bye);
                return;
            }
            Some(Command::Greeting) | Some(Command::Yes) | Some(Command::No) if !self.has_need(understood) => {
                let first = !turn.st.welcomed;
                self.welcome_once(turn);
                if first || turn.st.state != StateName::ShowingReferrals {
                    turn.say(self.t(turn, "ask-need", &[]));
                    turn.st.state = StateName::AwaitingNeed;
                } else {
                    turn.say(self.t(turn, "anything-else", &[]));
                }
                return;
            }
            _ => {}
        }
        self.welcome_once(turn);
        self.need(turn, understood, text, ports).await;
    }

    fn has_need(&self, understood: &Understood) -> bool {
        understood
            .needs
            .first()
            .is_some_and(|n| n.need != NeedLabel::Other && n.confidence >= self.settings.need_confident)
    }

    /// Handles answers to the question the state asked. Returns true when the turn is done.
    async fn state_reply(
        &self,
        turn: &mut Turn<'_>,
        understood: &Understood,
        text: &str,
        command: Option<Command>,
        ports: &Ports,
    ) -> bool {
        match turn.st.state {
            StateName::ClarifyNeed => {
                let options = turn.st.choices.len() + 1;
                match choice_number(text, options) {
                    Some(n) if n < options => {
                        let need = turn.st.choices[n - 1];
                        let query = turn.st.query.clone().unwrap_or_else(|| text.to_owned());
                        self.take_need(turn, need, 1.0, &query, understood, ports).await;
                        true
                    }
                    _ if self.has_need(understood) => false,
                    _ => {
                        self.offer_navigator(turn);
                        true
                    }
                }
            }
            StateName::OfferNavigator => match (command, choice_number(text, 2)) {
                (Some(Command::Yes), _) | (_, Some(1)) => {
                    self.handoff(turn, HandoffReason::LowConfidence, false, ports).await;
                    true
                }
                (Some(Command::No), _) | (_, Some(2)) => {
                    turn.say(self.t(turn, "ask-need", &[]));
                    turn.st.state = StateName::AwaitingNeed;
                    true
                }
                _ => false,
            },
            StateName::FollowUpOffer => match (command, choice_number(text, 2)) {
                (Some(Command::Yes), _) | (_, Some(1)) => {
                    let days = self.settings.follow_up_days;
                    let due = turn.input.now.plus_millis(i64::from(days) * 86_400_000);
                    turn.out.events.push(Event::FollowUpScheduled { due });
                    turn.say(self.t(turn, "follow-up-scheduled", &[("days", days.to_string())]));
                    turn.st.state = StateName::Closed;
                    true
                }
                (Some(Command::No), _) | (_, Some(2)) => {
                    turn.out.events.push(Event::FollowUpDeclined);
                    turn.say(self.t(turn, "follow-up-declined", &[]));
                    turn.say(self.t(turn, "goodbye", &[]));
                    turn.st.state = StateName::Closed;
                    true
                }
                _ => false,
            },
            StateName::ShowingReferrals => {
                if command == Some(Command::More) {
                    turn.st.offset += self.settings.referrals_per_page;
                    self.refer(turn, ports).await;
                    return true;
                }
                match choice_number(text, turn.st.shown.len()) {
                    Some(n) => {
                        self.details(turn, n - 1);
                        true
                    }
                    None => false,
                }
            }
            StateName::AwaitingLocation => {
                if let Some(located) = &understood.location {
                    self.set_location(turn, located);
                    self.refer(turn, ports).await;
                    return true;
                }
                if self.has_need(understood) {
                    return false;
                }
                turn.st.failures += 1;
                if turn.st.failures >= 2 {
                    self.refer(turn, ports).await; // search without a place rather than loop
                } else {
                    turn.say(self.t(turn, "location-not-found", &[]));
                }
                true
            }
            _ => false,
        }
    }

    /// Decides the reply language. Breaks when the turn is done (switch request, unsupported
    /// language, confirmation asked).
    fn settle_language(&self, turn: &mut Turn<'_>, understood: &Understood, text: &str) -> std::ops::ControlFlow<()> {
        use std::ops::ControlFlow::{Break, Continue};
        let words = normalize(text).split(' ').count();
        if let Some(asked) = self.texts.requested_language(text) {
            let speak_words = [
                "speak", "parler", "parle", "hablar", "habla", "falar", "fala", "parlare", "talk", "write",
            ];
            let norm = normalize(text);
            let learning = [
                "learn",
                "class",
                "classes",
                "course",
                "apprendre",
                "cours",
                "aprender",
                "clases",
                "curso",
                "esl",
                "lincs",
            ];
            let has = |list: &[&str]| norm.split(' ').any(|x| list.contains(&x));
            let asks = (words <= 3 && !self.has_need(understood)) || (has(&speak_words) && !has(&learning));
            if asks && self.texts.supports(&asked) {
                turn.lang = asked;
                turn.out.events.push(Event::LanguageSet {
                    lang: turn.lang.clone(),
                });
                let name = self.t(turn, "self-name", &[]);
                turn.say(self.t(turn, "language-switched", &[("language", name)]));
                if turn.st.state == StateName::ConfirmLanguage || turn.st.state == StateName::Start {
                    turn.st.pending_text = None;
                    self.welcome_once(turn);
                    turn.say(self.t(turn, "ask-need", &[]));
                    turn.st.state = StateName::AwaitingNeed;
                }
                return Break(());
            }
        }
        let known = turn.input.conversation.lang.is_some();
        if understood.needs_interpreter && !known {
            self.interpreter_handoff(turn, None);
            return Break(());
        }
        let Some(detected) = understood.lang.clone() else {
            return Continue(());
        };
        if known {
            // Switch mid-conversation only on a clear, long enough message.
            if detected != turn.lang
                && understood.lang_confidence >= 0.9
                && words >= 4
                && self.texts.supports(&detected)
            {
                turn.lang = detected;
                turn.out.events.push(Event::LanguageSet {
                    lang: turn.lang.clone(),
                });
            }
            return Continue(());
        }
        if !self.texts.supports(&detected) {
            if understood.lang_confidence >= self.settings.language_confident && words >= 3 {
                self.interpreter_handoff(turn, Some(detected));
                return Break(());
            }
            return Continue(());
        }
        if understood.lang_confidence < LANGUAGE_FLOOR {
            // Too unsure even to ask in that language: start in the helpline's main language;
            // a clearer message or a request switches later.
            turn.out.events.push(Event::LanguageSet {
                lang: turn.lang.clone(),
            });
            return Continue(());
        }
        turn.lang = detected.clone();
        turn.out.events.push(Event::LanguageSet { lang: detected.clone() });
        if detected != LanguageTag::english()
            && understood.lang_confidence < self.settings.language_confident
            && words >= 2
        {
            let name = self.t(turn, "self-name", &[]);
            let yes = self.t(turn, "language-yes", &[]);
            let no = self.t(turn, "language-no", &[]);
            turn.say_with_choices(self.t(turn, "confirm-language", &[("language", name)]), vec![yes, no]);
            turn.st.pending_text = Some(text.to_owned());
            turn.st.state = StateName::ConfirmLanguage;
            return Break(());
        }
        Continue(())
    }

    /// The bot cannot write the person's language: queue for a navigator with an interpreter,
    /// telling them so in English (the language most likely to be read).
    fn interpreter_handoff(&self, turn: &mut Turn<'_>, detected: Option<LanguageTag>) {
        turn.lang = LanguageTag::english();
        turn.say(self.t(turn, "language-unsupported", &[]));
        turn.out.handoff = Some(HandoffRequest {
            reason: HandoffReason::Language,
            urgent: false,
            need: None,
            lang: detected,
        });
        turn.out.events.push(Event::HandoffRequested {
            reason: HandoffReason::Language,
            urgent: false,
        });
        turn.out.conversation.status = ConversationStatus::Handoff;
        turn.st.state = StateName::Handoff;
    }

    async fn confirm_language(&self, turn: &mut Turn<'_>, text: &str, ports: &Ports) {
        let command = self.texts.command(&turn.lang, text);
        let pending = turn.st.pending_text.take();
        match (command, choice_number(text, 2)) {
            (Some(Command::No), _) | (_, Some(2)) => {
                turn.lang = LanguageTag::english();
                turn.out.events.push(Event::LanguageSet {
                    lang: turn.lang.clone(),
                });
            }
            (Some(Command::Yes), _) | (_, Some(1)) => {}
            _ => {
                // Not an answer: take the message itself as the conversation's next message.
                turn.st.state = StateName::AwaitingNeed;
                let understood = ports.understanding.understand(text, Some(&turn.lang));
                self.converse(turn, &understood, text, ports).await;
                return;
            }
        }
        turn.st.state = StateName::AwaitingNeed;
        match pending {
            Some(earlier) => {
                let understood = ports.understanding.understand(&earlier, Some(&turn.lang));
                self.converse(turn, &understood, &earlier, ports).await;
            }
            None => {
                self.welcome_once(turn);
                turn.say(self.t(turn, "ask-need", &[]));
            }
        }
    }

    fn welcome_once(&self, turn: &mut Turn<'_>) {
        if turn.st.welcomed {
            return;
        }
        turn.st.welcomed = true;
        let hours = self.hours_text(turn);
        let mut welcome = self.t(turn, "welcome", &[("hours", hours)]);
        if turn.channel() == ChannelKind::Sms {
            welcome.push(' ');
            welcome.push_str(&self.t(turn, "welcome-sms-stop", &[]));
        }
        turn.say(welcome);
    }

    fn hours_text(&self, turn: &Turn<'_>) -> String {
        let hours = &self.settings.navigator_hours;
        if hours.always || hours.weekly.is_empty() {
            return self.t(turn, "hours-always", &[]);
        }
        let openings: Vec<String> = hours
            .weekly
            .iter()
            .map(|opening| {
                let days: Vec<String> = opening
                    .days
                    .iter()
                    .map(|d| self.t(turn, &format!("day-{}", d.to_ascii_lowercase()), &[]))
                    .collect();
                let days = match days.as_slice() {
                    [] => String::new(),
                    [one] => one.clone(),
                    [a, .., b] if days.len() > 2 => format!("{a}-{b}"),
                    many => many.join(", "),
                };
                self.t(
                    turn,
                    "hours-range",
                    &[
                        ("days", days),
                        ("opens", opening.opens.clone()),
                        ("closes", opening.closes.clone()),
                    ],
                )
            })
            .collect();
        openings.join("; ")
    }

    async fn need(&self, turn: &mut Turn<'_>, understood: &Understood, text: &str, ports: &Ports) {
        let s = &self.settings;
        let top = understood
            .needs
            .first()
            .filter(|n| n.need != NeedLabel::Other && n.confidence >= s.need_floor);
        let Some(top) = top.copied() else {
            if let Some(located) = &understood.location {
                self.set_location(turn, located);
                if turn.st.need.is_some() {
                    self.refer(turn, ports).await;
                    return;
                }
            }
            turn.st.failures += 1;
            if turn.st.failures >= 2 {
                self.offer_navigator(turn);
            } else {
                turn.say(self.t(turn, "not-understood", &[]));
                turn.st.state = StateName::AwaitingNeed;
            }
            return;
        };
        let second = understood
            .needs
            .get(1)
            .filter(|n| n.need != NeedLabel::Other && n.confidence >= s.need_floor);
        let close = second.is_some_and(|b| top.confidence - b.confidence < s.need_margin);
        if (close || top.confidence < s.need_confident) && turn.st.clarifications == 0 {
            let mut choices = vec![top.need];
            choices.extend(second.map(|b| b.need));
            turn.st.clarifications += 1;
            turn.st.query = Some(text.to_owned());
            let mut labels: Vec<String> = choices
                .iter()
                .map(|n| self.t(turn, &format!("need-{}", n.as_str()), &[]))
                .collect();
            labels.push(self.t(turn, "clarify-other", &[]));
            turn.st.choices = choices;
            turn.say_with_choices(self.t(turn, "clarify-need", &[]), labels);
            turn.st.state = StateName::ClarifyNeed;
            if let Some(located) = &understood.location {
                self.set_location(turn, located);
            }
            return;
        }
        self.take_need(turn, top.need, top.confidence, text, understood, ports)
            .await;
    }

    async fn take_need(
        &self,
        turn: &mut Turn<'_>,
        need: NeedLabel,
        confidence: f32,
        query: &str,
        understood: &Understood,
        ports: &Ports,
    ) {
        turn.st.need = Some(need);
        turn.st.query = Some(query.to_owned());
        turn.st.offset = 0;
        turn.st.failures = 0;
        turn.st.clarifications = 0;
        turn.st.choices.clear();
        turn.out.events.push(Event::NeedRecorded {
            need,
            confidence,
            taxonomy_code: need.taxonomy_code().to_owned(),
        });
        if let Some(located) = &understood.location {
            self.set_location(turn, located);
        }
        if turn.st.location.is_none() && self.location_matters(turn, ports).await {
            let id = if turn.channel() == ChannelKind::WebChat {
                "ask-location-web"
            } else {
                "ask-location"
            };
            turn.say(self.t(turn, id, &[]));
            turn.st.state = StateName::AwaitingLocation;
            return;
        }
        self.refer(turn, ports).await;
    }

    /// A place changes the answer unless the best services have no address (province-wide lines).
    async fn location_matters(&self, turn: &Turn<'_>, ports: &Ports) -> bool {
        let Some(directory) = &ports.directory else {
            return false;
        };
        let query = self.query(turn, 0);
        match directory.search(&query).await {
            Ok(results) => results.iter().any(|r| r.address.is_some()),
            Err(_) => true,
        }
    }

    fn query(&self, turn: &Turn<'_>, offset: usize) -> DirectoryQuery {
        DirectoryQuery {
            text: turn.st.query.clone().unwrap_or_default(),
            lang: Some(turn.lang.clone()),
            need: turn.st.need,
            near: turn.st.location.as_ref().map(|l| l.point),
            offset,
            limit: self.settings.referrals_per_page,
            at: Some(turn.input.now),
        }
    }

    fn set_location(&self, turn: &mut Turn<'_>, located: &crate::ports::Located) {
        turn.st.location = Some(SavedLocation {
            name: located.name.clone(),
            fsa: located.fsa.clone(),
            point: located.point,
        });
        if let Some(fsa) = &located.fsa {
            turn.out.events.push(Event::LocationSet { fsa: fsa.clone() });
        }
    }

    async fn refer(&self, turn: &mut Turn<'_>, ports: &Ports) {
        let Some(need) = turn.st.need else {
            turn.say(self.t(turn, "ask-need", &[]));
            turn.st.state = StateName::AwaitingNeed;
            return;
        };
        let results = match &ports.directory {
            Some(directory) => directory
                .search(&self.query(turn, turn.st.offset))
                .await
                .unwrap_or_default(),
            None => Vec::new(),
        };
        let need_name = self.t(turn, &format!("need-{}", need.as_str()), &[]);
        let place = turn.st.location.as_ref().map(|l| l.name.clone());
        if results.is_empty() {
            if turn.st.offset > 0 {
                turn.say(self.t(turn, "no-more-referrals", &[]));
                turn.st.state = StateName::ShowingReferrals;
                return;
            }
            turn.out.events.push(Event::UnmetNeed {
                need,
                reason: "no_matching_service".into(),
            });
            let place = place.unwrap_or_else(|| "Ontario".into());
            let text = self.t(turn, "no-match", &[("need", need_name), ("place", place)]);
            let labels = vec![self.t(turn, "navigator-yes", &[]), self.t(turn, "navigator-no", &[])];
            turn.say_with_choices(text, labels);
            turn.st.state = StateName::OfferNavigator;
            return;
        }
        let intro = match &place {
            Some(place) => self.t(
                turn,
                "referrals-intro",
                &[("need", need_name), ("place", place.clone())],
            ),
            None => self.t(turn, "referrals-intro-anywhere", &[("need", need_name)]),
        };
        let mut text = intro;
        for (i, r) in results.iter().enumerate() {
            text.push('\n');
            text.push_str(&self.render_referral(turn, turn.st.offset + i + 1, r));
        }
        text.push('\n');
        text.push_str(&self.t(turn, "referrals-more-hint", &[]));
        turn.say(text);
        turn.out.events.push(Event::ReferralsGiven {
            need,
            services: results.iter().map(|r| r.service_id.clone()).collect(),
        });
        turn.st.shown = results;
        turn.st.referred = true;
        turn.st.state = StateName::ShowingReferrals;
    }

    /// One referral line: short on SMS, fuller on web and email. Every detail is the record's.
    fn render_referral(&self, turn: &Turn<'_>, n: usize, r: &Referral) -> String {
        let mut parts = vec![format!("{n}. {}", r.name)];
        let rich = turn.channel() != ChannelKind::Sms;
        if rich && !r.organization.is_empty() && r.organization != r.name {
            parts[0].push_str(&format!(" ({})", r.organization));
        }
        if let Some(phone) = &r.phone {
            parts.push(phone.clone());
        }
        if let Some(address) = &r.address {
            parts.push(address.clone());
        }
        if rich {
            if let Some(hours) = &r.hours {
                parts.push(hours.clone());
            }
        }
        match r.open_now {
            Some(true) => parts.push(self.t(turn, "referral-open", &[])),
            Some(false) => parts.push(self.t(turn, "referral-closed", &[])),
            None => {}
        }
        if let Some(km) = r.distance_km {
            parts.push(self.t(turn, "referral-distance", &[("km", format!("{km:.1}"))]));
        }
        parts.join(" – ")
    }

    fn details(&self, turn: &mut Turn<'_>, index: usize) {
        let Some(r) = turn.st.shown.get(index).cloned() else {
            return;
        };
        let unknown = self.t(turn, "referral-unknown", &[]);
        let text = self.t(
            turn,
            "referral-details",
            &[
                ("name", r.name.clone()),
                ("organization", r.organization.clone()),
                ("phone", r.phone.clone().unwrap_or_else(|| unknown.clone())),
                ("address", r.address.clone().unwrap_or_else(|| unknown.clone())),
                ("hours", r.hours.clone().unwrap_or(unknown)),
            ],
        );
        turn.say(text);
    }

    fn offer_navigator(&self, turn: &mut Turn<'_>) {
        let labels = vec![self.t(turn, "navigator-yes", &[]), self.t(turn, "navigator-no", &[])];
        turn.say_with_choices(self.t(turn, "offer-navigator", &[]), labels);
        turn.st.state = StateName::OfferNavigator;
        turn.st.failures = turn.st.failures.saturating_add(1);
    }

    fn closing(&self, turn: &mut Turn<'_>, bye: bool) {
        if turn.st.referred && !turn.st.follow_up_asked {
            turn.st.follow_up_asked = true;
            let days = self.settings.follow_up_days.to_string();
            let labels = vec![self.t(turn, "follow-up-yes", &[]), self.t(turn, "follow-up-no", &[])];
            turn.say_with_choices(self.t(turn, "follow-up-offer", &[("days", days)]), labels);
            turn.st.state = StateName::FollowUpOffer;
            return;
        }
        turn.say(self.t(turn, if bye { "goodbye" } else { "thanks-reply" }, &[]));
        turn.st.state = StateName::Closed;
    }

    async fn handoff(&self, turn: &mut Turn<'_>, reason: HandoffReason, urgent: bool, ports: &Ports) {
        turn.out.handoff = Some(HandoffRequest {
            reason,
            urgent,
            need: turn.st.need,
            lang: Some(turn.lang.clone()),
        });
        turn.out.events.push(Event::HandoffRequested { reason, urgent });
        turn.out.conversation.status = ConversationStatus::Handoff;
        turn.st.state = StateName::Handoff;
        if self.settings.navigator_hours.is_open(turn.input.now) {
            let ahead = match &ports.queue {
                Some(queue) => queue.waiting_ahead(urgent).await,
                None => 0,
            };
            let position = ahead + 1;
            let minutes = (position as u32).saturating_mul(self.settings.minutes_per_person_ahead);
            if !urgent {
                turn.say(self.t(
                    turn,
                    "handoff-queued",
                    &[("position", position.to_string()), ("minutes", minutes.to_string())],
                ));
            }
        } else {
            let hours = self.hours_text(turn);
            let mut text = self.t(turn, "handoff-after-hours", &[("hours", hours)]);
            if !urgent {
                text.push(' ');
                text.push_str(&self.t(turn, "handoff-follow-up", &[]));
            }
            turn.say(text);
        }
    }

    async fn crisis(
        &self,
        turn: &mut Turn<'_>,
        understood: &Understood,
        kind: crate::event::CrisisKind,
        ports: &Ports,
    ) {
        if turn.input.conversation.lang.is_none() {
            if let Some(lang) = understood.lang.clone().filter(|l| self.texts.supports(l)) {
                turn.lang = lang;
            }
        }
        turn.out.events.push(Event::CrisisDetected { crisis: kind });
        let lines = self.t(turn, "crisis-lines", &[]);
        turn.say(self.t(turn, "crisis", &[("lines", lines)]));
        if let Some(top) = understood.needs.first().filter(|n| n.need != NeedLabel::Other) {
            turn.st.need.get_or_insert(top.need);
        }
        turn.st.welcomed = true;
        self.handoff(turn, HandoffReason::Crisis, true, ports).await;
    }
}
