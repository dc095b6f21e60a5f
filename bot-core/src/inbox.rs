//! The navigator side of a warm handoff: navigators, their sessions, dispositions and the audit
//! log. The handoff lifecycle is queued → assigned (claimed) → active (a navigator replied) →
//! resolved, or returned to the bot. The store enforces it (a claim is one conditional update,
//! so two navigators or two servers can never both win); the server's inbox drives it.

pub use crate::types::NavigatorId;
use crate::types::{ConversationId, HandoffId, LanguageTag, NeedLabel, ServiceId, Timestamp};
use serde::{Deserialize, Serialize};

/// What a navigator may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Works the queue.
    Navigator,
    /// Also sees the supervisor view and the audit log.
    Supervisor,
    /// Also manages navigators.
    Admin,
}

impl Role {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Navigator => "navigator",
            Role::Supervisor => "supervisor",
            Role::Admin => "admin",
        }
    }

    /// Reads a stored name.
    pub fn parse(s: &str) -> Option<Self> {
        [Role::Navigator, Role::Supervisor, Role::Admin]
            .into_iter()
            .find(|r| r.as_str() == s)
    }

    /// Supervisors and admins see the supervisor view.
    pub fn supervises(self) -> bool {
        matches!(self, Role::Supervisor | Role::Admin)
    }
}

/// Whether a navigator takes new conversations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    /// Takes conversations.
    Available,
    /// Signed in, not taking new ones.
    Away,
    /// Signed out.
    Offline,
}

impl Presence {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Presence::Available => "available",
            Presence::Away => "away",
            Presence::Offline => "offline",
        }
    }

    /// Reads a stored name.
    pub fn parse(s: &str) -> Option<Self> {
        [Presence::Available, Presence::Away, Presence::Offline]
            .into_iter()
            .find(|p| p.as_str() == s)
    }
}

/// A navigator's account and profile.
#[derive(Debug, Clone, PartialEq)]
pub struct Navigator {
    /// Its id.
    pub id: NavigatorId,
    /// What they sign in with.
    pub username: String,
    /// What colleagues see.
    pub display_name: String,
    /// Navigator, supervisor or admin.
    pub role: Role,
    /// Languages they answer in (routing).
    pub languages: Vec<LanguageTag>,
    /// Needs they specialise in (routing; empty = any).
    pub needs: Vec<NeedLabel>,
    /// Most conversations at once.
    pub capacity: u32,
    /// Available, away or offline.
    pub presence: Presence,
    /// A disabled account cannot sign in.
    pub disabled: bool,
    /// The argon2id PHC string.
    pub password_hash: String,
    /// Failed sign-ins since the last success.
    pub failed_logins: u32,
    /// No sign-in until then, after too many failures.
    pub locked_until: Option<Timestamp>,
}

/// A signed-in browser.
#[derive(Debug, Clone, PartialEq)]
pub struct NavigatorSession {
    /// SHA-256 of the cookie's token (the token itself is never stored).
    pub token_hash: String,
    /// Who.
    pub navigator_id: NavigatorId,
    /// The token forms must carry (CSRF).
    pub csrf: String,
    /// When it stops working.
    pub expires_at: Timestamp,
}

/// A change to one navigator, applied atomically by the store.
#[derive(Debug, Clone, PartialEq)]
pub enum NavigatorChange {
    /// A wrong password: count it, and lock the account at `max_failures` until `lock_until`.
    LoginFailed {
        /// Failures that lock the account.
        max_failures: u32,
        /// When a lock would end.
        lock_until: Timestamp,
    },
    /// A good password: failures forgotten, available.
    LoginSucceeded,
    /// Available, away or offline.
    Presence(Presence),
}

/// What became of one need, as the navigator records it when resolving.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NeedDisposition {
    /// The need.
    pub need: NeedLabel,
    /// Met (the person got what they needed or a referral that fits) or not.
    pub met: bool,
    /// Why not, when unmet (`no_service`, `waitlist`, `ineligible`, `declined`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Services the navigator referred.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub referrals: Vec<ServiceId>,
}

/// How a navigator ends their part.
#[derive(Debug, Clone, PartialEq)]
pub enum HandoffEnd {
    /// Done, with a disposition per need.
    Resolved(Vec<NeedDisposition>),
    /// Back to the bot.
    Returned,
}

/// One line of the audit log: who did what to which conversation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    /// When.
    pub at: Timestamp,
    /// Who.
    pub navigator_id: NavigatorId,
    /// `login`, `logout`, `login_failed`, `open`, `claim`, `reply`, `resolve`, `return`, `transfer`,
    /// `presence`.
    pub action: String,
    /// Which conversation, if any.
    pub conversation_id: Option<ConversationId>,
    /// Which handoff, if any.
    pub handoff_id: Option<HandoffId>,
}

/// How queued handoffs are matched to navigators (see [`route`]): the handoff, and each
/// available navigator with their current load.
pub type Router = dyn Fn(&crate::ports::Handoff, &[(Navigator, u32)]) -> Option<NavigatorId> + Send + Sync;

/// Routing: the navigator who should take a queued handoff, if anyone can. Only available,
/// enabled navigators under their capacity qualify; they must speak the conversation's language
/// (when known) and list its need (when known and when they list needs at all). Among those,
/// the least loaded wins, then the one with the fewest languages (keeping polyglots free for
/// the languages only they speak), then by username for a stable choice.
pub fn route(handoff: &crate::ports::Handoff, navigators: &[(Navigator, u32)]) -> Option<NavigatorId> {
    navigators
        .iter()
        .filter(|(n, load)| n.presence == Presence::Available && !n.disabled && *load < n.capacity)
        .filter(|(n, _)| handoff.lang.as_ref().is_none_or(|l| n.languages.contains(l)))
        .filter(|(n, _)| {
            handoff
                .need
                .is_none_or(|need| n.needs.is_empty() || n.needs.contains(&need))
        })
        .min_by(|(a, la), (b, lb)| {
            la.cmp(lb)
                .then(a.languages.len().cmp(&b.languages.len()))
                .then(a.username.cmp(&b.username))
        })
        .map(|(n, _)| n.id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::HandoffReason;
    use crate::ports::Handoff;
    use crate::types::ConversationId;

    fn nav(name: &str, langs: &[&str], needs: &[NeedLabel], presence: Presence) -> Navigator {
        Navigator {
            id: NavigatorId::new(),
            username: name.into(),
            display_name: name.into(),
            role: Role::Navigator,
            languages: langs.iter().map(|l| LanguageTag::parse(l).unwrap()).collect(),
            needs: needs.to_vec(),
            capacity: 2,
            presence,
            disabled: false,
            password_hash: String::new(),
            failed_logins: 0,
            locked_until: None,
        }
    }

    fn handoff(lang: Option<&str>, need: Option<NeedLabel>) -> Handoff {
        Handoff {
            id: HandoffId::new(),
            conversation_id: ConversationId::new(),
            reason: HandoffReason::Requested,
            urgent: false,
            status: "queued".into(),
            need,
            lang: lang.map(|l| LanguageTag::parse(l).unwrap()),
            created_at: Timestamp(0),
            navigator_id: None,
        }
    }

    #[test]
    fn routing_matches_language_and_need_and_prefers_the_least_loaded() {
        let en = nav("en-only", &["en"], &[], Presence::Available);
        let fr = nav("fr-en", &["en", "fr"], &[], Presence::Available);
        let housing = nav("housing", &["en", "fr"], &[NeedLabel::Housing], Presence::Available);
        let away = nav("away", &["ar"], &[], Presence::Away);
        let all = vec![
            (en.clone(), 1),
            (fr.clone(), 0),
            (housing.clone(), 0),
            (away.clone(), 0),
        ];
        assert_eq!(route(&handoff(Some("fr"), Some(NeedLabel::Food)), &all), Some(fr.id));
        assert_eq!(
            route(&handoff(Some("fr"), Some(NeedLabel::Housing)), &all),
            Some(fr.id),
            "least loaded first"
        );
        assert_eq!(
            route(&handoff(Some("ar"), None), &all),
            None,
            "an away navigator takes nothing"
        );
        let busy = vec![(en.clone(), 2), (fr.clone(), 2)];
        assert_eq!(route(&handoff(Some("en"), None), &busy), None, "nobody over capacity");
        let tie = vec![(en.clone(), 0), (fr.clone(), 0)];
        assert_eq!(
            route(&handoff(Some("en"), None), &tie),
            Some(en.id),
            "keep the bilingual navigator free"
        );
    }
}
