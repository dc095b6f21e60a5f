//! Email end to end on loopback through the raw-MIME webhook: signed messages are posted to the
//! running server, replies go over SMTP to a real SMTP server (Python's `aiosmtpd`, installed by
//! scripts/test-env) that writes what it receives to a Maildir, which the test reads back.

mod common;

use common::*;
use frontdoor_channels::email::sign;
use frontdoor_server::config::SmtpConfig;
use frontdoor_server::StartOptions;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

const SECRET: &str = "hook-secret-for-tests";
const HELPLINE: &str = "211 Help <help@211.test>";

/// A real SMTP server on a loopback port, delivering into a Maildir.
struct SmtpSink {
    child: Child,
    port: u16,
    mbox: PathBuf,
}

impl SmtpSink {
    fn start(dir: &Path) -> Self {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let mbox = dir.join("received");
        let child = Command::new("python3")
            .args([
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{port}"),
                "-c",
                "aiosmtpd.handlers.Mailbox",
            ])
            .arg(&mbox)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 runs");
        // Owned at once, so the server is killed and reaped (Drop) whatever happens next.
        let sink = Self { child, port, mbox };
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return sink;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("aiosmtpd did not start (pip install aiosmtpd; scripts/test-env does)");
    }

    /// The server's settings, as Frontdoor's configuration names them.
    fn config(&self) -> SmtpConfig {
        SmtpConfig {
            host: "127.0.0.1".into(),
            port: self.port,
            tls: frontdoor_channels::email::SmtpTls::None,
            username: None,
            password: None,
        }
    }

    /// The messages received so far, oldest first (aiosmtpd's Mailbox handler writes a Maildir).
    fn received(&self) -> Vec<Vec<u8>> {
        let Ok(entries) = std::fs::read_dir(self.mbox.join("new")) else {
            return Vec::new();
        };
        let mut files: Vec<(std::time::SystemTime, PathBuf)> = entries
            .filter_map(|e| e.ok())
            .map(|e| {
                (
                    e.metadata().and_then(|m| m.modified()).unwrap_or(std::time::UNIX_EPOCH),
                    e.path(),
                )
            })
            .collect();
        files.sort();
        files.into_iter().filter_map(|(_, p)| std::fs::read(p).ok()).collect()
    }

    async fn wait_for(&self, n: usize) -> Vec<Vec<u8>> {
        for _ in 0..200 {
            let got = self.received();
            if got.len() >= n {
                tokio::time::sleep(Duration::from_millis(300)).await;
                return self.received();
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("expected {n} emails at the SMTP server, got {}", self.received().len());
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn mail(id: &str, subject: &str, extra_headers: &str, body: &str) -> Vec<u8> {
    format!(
        "From: Ana Lima <ana@example.org>\r\nTo: help@211.test\r\nSubject: {subject}\r\nMessage-ID: <{id}>\r\n\
         Date: Mon, 3 Mar 2025 10:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\
         {extra_headers}\r\n{body}"
    )
    .into_bytes()
}

async fn post(client: &reqwest::Client, base: &str, body: &[u8], signature: &str) -> reqwest::Response {
    client
        .post(format!("{base}/channels/email/inbound"))
        .header("content-type", "message/rfc822")
        .header("x-frontdoor-signature", signature)
        .body(body.to_vec())
        .send()
        .await
        .unwrap()
}

fn header<'a>(message: &'a mail_parser::Message<'a>, name: &str) -> Option<String> {
    message.header_raw(name).map(|v| v.trim().to_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhook_mail_gets_a_threaded_reply_the_answer_stays_in_the_conversation_and_robots_get_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let smtp = SmtpSink::start(dir.path());
    let mut config = test_config(dir.path(), "http://127.0.0.1:9/unused", None);
    config.channels.email.webhook_secret = Some(SECRET.into());
    config.channels.email.address = Some(HELPLINE.into());
    config.channels.email.smtp = Some(smtp.config());
    let options = StartOptions {
        policy: Some(Arc::new(frontdoor_core::engine::MinimalPolicy)),
        without_models: true,
        ..StartOptions::default()
    };
    let app = spawn_app(config.clone(), options).await;
    let base = format!("http://{}", app.addr());
    let client = reqwest::Client::new();

    // 1. A first email gets a threaded multipart reply.
    let first = mail(
        "m1@example.org",
        "Need food",
        "",
        "I need a food bank in Hamilton.\r\n\r\n-- \r\nAna\r\n",
    );
    let res = post(&client, &base, &first, &sign(SECRET, &first)).await;
    assert_eq!(res.status(), 202);
    let receipt: serde_json::Value = serde_json::from_str(&res.text().await.unwrap()).unwrap();
    let conversation = receipt["conversation_id"].as_str().unwrap().to_owned();
    let replies = smtp.wait_for(1).await;
    let parser = mail_parser::MessageParser::default();
    let mut reply_ids = Vec::new();
    for raw in &replies {
        let reply = parser.parse(raw).unwrap();
        assert_eq!(header(&reply, "To").as_deref(), Some("ana@example.org"));
        assert_eq!(reply.subject(), Some("Re: Need food"));
        assert_eq!(header(&reply, "In-Reply-To").as_deref(), Some("<m1@example.org>"));
        assert!(header(&reply, "References").unwrap().contains("<m1@example.org>"));
        assert_eq!(header(&reply, "Auto-Submitted").as_deref(), Some("auto-replied"));
        assert!(reply.body_text(0).is_some_and(|t| !t.trim().is_empty()), "a text part");
        assert!(reply.body_html(0).is_some_and(|h| h.contains("<p>")), "an HTML part");
        reply_ids.push(reply.message_id().unwrap().to_owned());
    }
    let answered_first = replies.len();

    // 2. The person's answer to that reply lands in the same conversation and is answered in thread.
    let refs = format!(
        "References: <m1@example.org> <{}>\r\nIn-Reply-To: <{}>\r\n",
        reply_ids[0], reply_ids[0]
    );
    let second = mail(
        "m2@example.org",
        "Re: Need food",
        &refs,
        "Near Jackson Square.\r\n\r\nOn Mon, 3 Mar 2025 at 10:01, 211 Help <help@211.test> wrote:\r\n> Hi, this is 211\r\n",
    );
    let res = post(&client, &base, &second, &sign(SECRET, &second)).await;
    assert_eq!(res.status(), 202);
    let receipt: serde_json::Value = serde_json::from_str(&res.text().await.unwrap()).unwrap();
    assert_eq!(
        receipt["conversation_id"].as_str(),
        Some(conversation.as_str()),
        "same conversation"
    );
    let replies = smtp.wait_for(answered_first + 1).await;
    let answer = parser.parse(&replies[answered_first]).unwrap();
    assert_eq!(header(&answer, "In-Reply-To").as_deref(), Some("<m2@example.org>"));
    let references = header(&answer, "References").unwrap();
    for id in ["<m1@example.org>", &format!("<{}>", reply_ids[0]), "<m2@example.org>"] {
        assert!(references.contains(id), "References {references} lacks {id}");
    }
    assert_eq!(answer.subject(), Some("Re: Need food"), "no Re: Re:");
    let answered = replies.len();

    // 3. An out-of-office reply gets nothing, and is not stored.
    let ooo = mail(
        "m3@example.org",
        "Automatic reply: Need food",
        "Auto-Submitted: auto-replied\r\n",
        "I am out of the office until Monday.\r\n",
    );
    let res = post(&client, &base, &ooo, &sign(SECRET, &ooo)).await;
    assert_eq!(res.status(), 200);

    // 4. A bad signature is refused and nothing is stored; an oversize message is refused.
    let forged = mail("m4@example.org", "Hello", "", "Please send money.\r\n");
    let res = post(&client, &base, &forged, &sign("wrong-secret", &forged)).await;
    assert_eq!(res.status(), 403);
    let res = post(&client, &base, &forged, "").await;
    assert_eq!(res.status(), 403);
    let huge = mail("m5@example.org", "Big", "", &"x".repeat(70 * 1024));
    let res = post(&client, &base, &huge, &sign(SECRET, &huge)).await;
    assert_eq!(res.status(), 413);

    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(
        smtp.received().len(),
        answered,
        "nothing answered the robot or the forgery"
    );
    app.shutdown().await.unwrap();
    let store = frontdoor_store::connect(&config.database_url()).await.unwrap();
    let messages = store.messages(conversation.parse().unwrap()).await.unwrap();
    let inbound: Vec<_> = messages
        .iter()
        .filter(|m| m.direction == frontdoor_core::conversation::Direction::Inbound)
        .collect();
    assert_eq!(inbound.len(), 2, "only the person's two emails are stored");
    assert_eq!(inbound[0].text, "I need a food bank in Hamilton.", "signature stripped");
    assert_eq!(inbound[1].text, "Near Jackson Square.", "quoted reply stripped");
}

/// A real IMAP server (Debian's dovecot-imapd, installed by scripts/test-env) on a loopback
/// port, run from its own configuration in a temporary folder, with one mailbox `help`.
struct Dovecot {
    conf: PathBuf,
    port: u16,
}

const IMAP_USER: &str = "help";
const IMAP_PASSWORD: &str = "mailbox-secret";

impl Dovecot {
    fn start(dir: &Path) -> Self {
        use std::os::unix::fs::PermissionsExt;
        let root = dir.join("dovecot");
        let mail = root.join("mail");
        std::fs::create_dir_all(&mail).unwrap();
        // Mail is owned by an unprivileged user (dovecot refuses uid 0 for mail).
        for p in [dir, root.as_path()] {
            std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        std::os::unix::fs::chown(&mail, Some(65534), Some(65534)).unwrap();
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let d = root.display();
        let conf = root.join("dovecot.conf");
        std::fs::write(
            &conf,
            format!(
                "base_dir = {d}/run\nstate_dir = {d}/state\nlog_path = {d}/dovecot.log\nlisten = 127.0.0.1\n\
                 protocols = imap\nssl = no\ndisable_plaintext_auth = no\nauth_mechanisms = plain login\n\
                 first_valid_uid = 1\nmail_location = maildir:{d}/mail/%u\n\
                 passdb {{\n  driver = static\n  args = password={IMAP_PASSWORD}\n}}\n\
                 userdb {{\n  driver = static\n  args = uid=65534 gid=65534 home={d}/mail/%u\n}}\n\
                 service imap-login {{\n  inet_listener imap {{\n    address = 127.0.0.1\n    port = {port}\n  }}\n\
                 inet_listener imaps {{\n    port = 0\n  }}\n  chroot =\n}}\nservice anvil {{\n  chroot =\n}}\n"
            ),
        )
        .unwrap();
        let status = Command::new(dovecot_binary())
            .arg("-c")
            .arg(&conf)
            .status()
            .expect("dovecot runs");
        assert!(
            status.success(),
            "dovecot starts (apt-get install dovecot-imapd; scripts/test-env does)"
        );
        let server = Self { conf, port };
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return server;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("dovecot did not listen on {port}");
    }

    /// Delivers a message into the mailbox (IMAP APPEND, by Python's imaplib).
    fn deliver(&self, message: &[u8]) {
        self.python("m.append('INBOX', None, None, sys.stdin.buffer.read())", Some(message));
    }

    /// How many messages are not yet flagged \Seen.
    fn unseen(&self) -> usize {
        let out = self.python(
            "m.select('INBOX'); print(len(m.search(None, 'UNSEEN')[1][0].split()))",
            None,
        );
        out.trim().parse().unwrap()
    }

    fn python(&self, code: &str, stdin: Option<&[u8]>) -> String {
        use std::io::Write;
        let script = format!(
            "import imaplib, sys\nm = imaplib.IMAP4('127.0.0.1', {})\nm.login('{IMAP_USER}', '{IMAP_PASSWORD}')\n{code}\nm.logout()\n",
            self.port
        );
        let mut child = Command::new("python3")
            .args(["-c", &script])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.unwrap_or_default())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "imaplib");
        String::from_utf8(out.stdout).unwrap()
    }
}

fn dovecot_binary() -> &'static str {
    if Path::new("/usr/sbin/dovecot").exists() {
        "/usr/sbin/dovecot"
    } else {
        "dovecot"
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        let _ = Command::new(dovecot_binary())
            .arg("-c")
            .arg(&self.conf)
            .arg("stop")
            .status();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mailbox_mail_gets_a_threaded_reply_the_answer_stays_in_the_conversation_and_out_of_office_gets_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let smtp = SmtpSink::start(dir.path());
    let imap = Dovecot::start(dir.path());
    let mut config = test_config(dir.path(), "http://127.0.0.1:9/unused", None);
    config.channels.email.address = Some(HELPLINE.into());
    config.channels.email.smtp = Some(smtp.config());
    config.channels.email.imap = Some(frontdoor_server::config::ImapConfig {
        host: "127.0.0.1".into(),
        port: imap.port,
        tls: frontdoor_channels::email::imap::ImapTls::None,
        username: IMAP_USER.into(),
        password: IMAP_PASSWORD.into(),
        mailbox: "INBOX".into(),
        processed_folder: None,
        // Longer than the test: mail after the first round can only arrive through IDLE.
        poll_interval_ms: 600_000,
    });
    let options = StartOptions {
        policy: Some(Arc::new(frontdoor_core::engine::MinimalPolicy)),
        without_models: true,
        ..StartOptions::default()
    };
    let app = spawn_app(config.clone(), options).await;
    let parser = mail_parser::MessageParser::default();

    imap.deliver(&mail("i1@example.org", "Rent help", "", "My rent is late.\r\n"));
    let replies = smtp.wait_for(1).await;
    let first = parser.parse(&replies[0]).unwrap();
    assert_eq!(header(&first, "In-Reply-To").as_deref(), Some("<i1@example.org>"));
    assert_eq!(first.subject(), Some("Re: Rent help"));
    let our_id = first.message_id().unwrap().to_owned();
    let answered_first = replies.len();

    let refs = format!("References: <i1@example.org> <{our_id}>\r\nIn-Reply-To: <{our_id}>\r\n");
    imap.deliver(&mail(
        "i2@example.org",
        "Re: Rent help",
        &refs,
        "I live in Kingston.\r\n\r\nOn Mon, 3 Mar 2025 at 10:01, 211 Help <help@211.test> wrote:\r\n> Hi\r\n",
    ));
    let replies = smtp.wait_for(answered_first + 1).await;
    let answer = parser.parse(&replies[answered_first]).unwrap();
    assert_eq!(header(&answer, "In-Reply-To").as_deref(), Some("<i2@example.org>"));
    let answered = replies.len();

    imap.deliver(&mail(
        "i3@example.org",
        "Out of Office: Rent help",
        "Auto-Submitted: auto-replied\r\nPrecedence: bulk\r\n",
        "I am away until Monday.\r\n",
    ));
    for _ in 0..50 {
        if imap.unseen() == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(imap.unseen(), 0, "every message, the robot's too, is flagged handled");
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(smtp.received().len(), answered, "the out-of-office reply got nothing");
    app.shutdown().await.unwrap();

    let store = frontdoor_store::connect(&config.database_url()).await.unwrap();
    let conversations = store
        .conversations_since(frontdoor_core::types::Timestamp(0), 10)
        .await
        .unwrap();
    assert_eq!(conversations.len(), 1, "the answer landed in the same conversation");
    let texts: Vec<String> = store
        .messages(conversations[0].id)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.direction == frontdoor_core::conversation::Direction::Inbound)
        .map(|m| m.text)
        .collect();
    assert_eq!(texts, vec!["My rent is late.", "I live in Kingston."]);
}
