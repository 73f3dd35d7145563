//! The `http` verifier: start the learner's server on a port the runner chose, wait until it
//! listens, send the declared requests and check each response (or compare it with the
//! reference solution's).

use std::path::Path;
use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::Value;

use crate::course::{HttpRequestSpec, HttpSettings};
use crate::process::{self, Captured, LimitHit, Running, Spec};

use super::{Outcome, TestResult, Verdict};

mod listen;

/// Longest a server may take to start listening. A built server listens within a few hundred
/// milliseconds even on a loaded machine; one that never does should fail fast.
const START_LIMIT: Duration = Duration::from_secs(5);
/// The port of the commands a learner runs by hand: one they can type and remember.
pub const HAND_PORT: u16 = 3000;

/// A learner's (or the reference's) server, killed with its whole group when dropped.
pub struct Server {
    running: Running,
    spec: Spec,
    pub port: u16,
    stdout: tokio::task::JoinHandle<Captured>,
    stderr: tokio::task::JoinHandle<Captured>,
    /// The resource limit the server ran into (known once it is stopped).
    pub limit: Option<LimitHit>,
    /// The server's process ended by itself before it was stopped (known once it is stopped).
    pub exited_early: bool,
}

pub enum StartError {
    Exited(String, Option<LimitHit>),
    NeverListened(String),
    Spawn(std::io::Error),
}

impl Server {
    /// Starts `program` on a free port; `backtrace`: whether a panic prints one (the learner
    /// asked), whatever `RUST_BACKTRACE` the runner itself was started with.
    pub async fn start(program: &Path, cwd: &Path, limit: Duration, backtrace: bool, env: &[(String, String)]) -> Result<Self, StartError> {
        let port = free_port().map_err(StartError::Spawn)?;
        let mut spec = Spec::new(program, cwd, limit)
            .env("PORT", port.to_string())
            .env("RUST_LOG", "info")
            .env("RUST_BACKTRACE", if backtrace { "1" } else { "0" });
        spec.env.extend(env.iter().cloned());
        let spec = spec.limited();
        let mut running = process::spawn(&spec).map_err(StartError::Spawn)?;
        let stdout = tokio::spawn(process::capture(running.child.stdout.take()));
        let stderr = tokio::spawn(process::capture(running.child.stderr.take()));
        let mut server = Self { running, spec, port, stdout, stderr, limit: None, exited_early: false };
        let deadline = Instant::now() + START_LIMIT.min(limit);
        loop {
            if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
                return Ok(server);
            }
            if let Ok(Some(status)) = server.running.child.try_wait() {
                let output = server.stop().await;
                return Err(StartError::Exited(format!("{status}\n{output}"), server.limit));
            }
            if Instant::now() > deadline {
                let output = server.stop().await;
                return Err(StartError::NeverListened(output));
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Stops the server (SIGTERM, then SIGKILL) and returns what it printed.
    pub async fn stop(&mut self) -> String {
        let ending = process::wait_or_kill(&mut self.running, Duration::ZERO).await;
        self.running.group.kill_rest();
        self.exited_early = self.running.group.ended_unprompted();
        let mut output = String::new();
        let mut stderr = String::new();
        for (task, is_stderr) in [(&mut self.stdout, false), (&mut self.stderr, true)] {
            if let Ok(Ok(captured)) = tokio::time::timeout(Duration::from_secs(1), task).await {
                output.push_str(&captured.text);
                if is_stderr {
                    stderr = captured.text;
                }
            }
        }
        if let (Ok(ending), Some(limits)) = (ending, self.spec.limits) {
            self.limit = limits.hit(ending, &stderr, self.running.group.too_many_processes());
        }
        output
    }
}

fn free_port() -> std::io::Result<u16> {
    Ok(std::net::TcpListener::bind(("127.0.0.1", 0))?.local_addr()?.port())
}

#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    fn describe(&self) -> String {
        let mut out = format!("HTTP {}", self.status);
        for (name, value) in &self.headers {
            out.push_str(&format!("\n{name}: {value}"));
        }
        let body: String = self.body.chars().take(600).collect();
        if !body.is_empty() {
            out.push_str(&format!("\n\n{body}"));
        }
        if self.body.chars().count() > 600 {
            out.push_str("\n[... body cut ...]");
        }
        out
    }
}

pub fn client(timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .build()
        .unwrap_or_default()
}

pub async fn send(client: &reqwest::Client, port: u16, spec: &HttpRequestSpec) -> Result<Response, String> {
    let method = Method::from_bytes(spec.method.to_uppercase().as_bytes()).map_err(|_| format!("`{}` is not an HTTP method", spec.method))?;
    let mut request = client.request(method, format!("http://127.0.0.1:{port}{}", spec.path));
    for (name, value) in &spec.headers {
        request = request.header(name, value);
    }
    if let Some(body) = &spec.body {
        request = request.body(body.clone());
    }
    let response = request.send().await.map_err(|err| {
        if err.is_timeout() { "no response within the time limit".to_owned() } else { format!("the request failed: {err}") }
    })?;
    let status = response.status().as_u16();
    let headers = response.headers().iter().map(|(n, v)| (n.as_str().to_owned(), v.to_str().unwrap_or("(not text)").to_owned())).collect();
    let body = response.text().await.unwrap_or_default();
    Ok(Response { status, headers, body })
}

pub fn curl(port: u16, spec: &HttpRequestSpec) -> String {
    let mut out = format!("curl -i -X {} 'http://127.0.0.1:{port}{}'", spec.method.to_uppercase(), spec.path);
    for (name, value) in &spec.headers {
        out.push_str(&format!(" -H '{name}: {value}'"));
    }
    if let Some(body) = &spec.body {
        out.push_str(&format!(" --data '{}'", body.replace('\'', "'\\''")));
    }
    out
}

/// What is wrong with `response` against the spec's expectations.
pub fn expectation_failures(spec: &HttpRequestSpec, response: &Response) -> Vec<String> {
    let mut problems = Vec::new();
    if let Some(status) = spec.status
        && response.status != status {
            problems.push(format!("expected status {status}{}, got {}{}", reason(status), response.status, reason(response.status)));
        }
    for (name, wanted) in &spec.expect_headers {
        match response.header(name) {
            None => problems.push(format!("expected a `{name}` header, the response has none")),
            Some(value) if wanted != "*" && !header_matches(value, wanted) => {
                problems.push(format!("expected header `{name}: {wanted}`, got `{name}: {value}`"));
            }
            _ => {}
        }
    }
    let wanted_json = spec.expect_json.as_deref().map(|j| (j, false)).or(spec.expect_json_contains.as_deref().map(|j| (j, true)));
    if let Some((wanted, subset)) = wanted_json {
        match (serde_json::from_str::<Value>(wanted), serde_json::from_str::<Value>(&response.body)) {
            (Err(err), _) => problems.push(format!("(authoring error) the expected JSON is invalid: {err}")),
            (Ok(_), Err(_)) => problems.push("expected a JSON body, got something that is not JSON".into()),
            (Ok(expected), Ok(actual)) => {
                let ok = if subset { json_contains(&actual, &expected) } else { json_eq(&actual, &expected) };
                if !ok {
                    let how = if subset { "a JSON body containing" } else { "the JSON body" };
                    problems.push(format!("expected {how} {expected}, got {actual}"));
                }
            }
        }
    }
    problems
}

fn header_matches(value: &str, wanted: &str) -> bool {
    // Media types may carry parameters: `application/json; charset=utf-8` is JSON.
    value.eq_ignore_ascii_case(wanted) || value.split(';').next().is_some_and(|v| v.trim().eq_ignore_ascii_case(wanted))
}

fn reason(status: u16) -> String {
    reqwest::StatusCode::from_u16(status).ok().and_then(|s| s.canonical_reason()).map(|r| format!(" {r}")).unwrap_or_default()
}

/// JSON equality where numbers compare by value (1 equals 1.0).
pub fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_eq(p, q)),
        (Value::Object(x), Value::Object(y)) => x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w))),
        _ => a == b,
    }
}

/// Whether `actual` has every field of `expected` (recursively for objects) with equal values.
pub fn json_contains(actual: &Value, expected: &Value) -> bool {
    match (actual, expected) {
        (Value::Object(a), Value::Object(e)) => e.iter().all(|(k, v)| a.get(k).is_some_and(|w| json_contains(w, v))),
        _ => json_eq(actual, expected),
    }
}

/// The learner's response against the reference's, ignoring what legitimately differs
/// (dates, ports in absolute URLs).
pub fn response_differences(learner: &Response, reference: &Response, learner_port: u16, reference_port: u16) -> Vec<String> {
    let mut problems = Vec::new();
    if learner.status != reference.status {
        problems.push(format!("expected status {}{}, got {}{}", reference.status, reason(reference.status), learner.status, reason(learner.status)));
    }
    for name in ["content-type", "location", "cache-control", "etag", "allow"] {
        let normalise = |v: Option<&str>, port: u16| v.map(|v| v.replace(&format!(":{port}"), ":PORT"));
        let (l, r) = (normalise(learner.header(name), learner_port), normalise(reference.header(name), reference_port));
        if l.as_deref().map(|v| v.split(';').next().unwrap_or(v).trim().to_ascii_lowercase()) != r.as_deref().map(|v| v.split(';').next().unwrap_or(v).trim().to_ascii_lowercase()) {
            problems.push(format!("expected header `{name}` to be {}, got {}", r.as_deref().unwrap_or("absent"), l.as_deref().unwrap_or("absent")));
        }
    }
    let same_body = match (serde_json::from_str::<Value>(&learner.body), serde_json::from_str::<Value>(&reference.body)) {
        (Ok(l), Ok(r)) => json_eq(&l, &r),
        _ => learner.body.trim() == reference.body.trim(),
    };
    if !same_body {
        problems.push(format!("expected the body {}, got {}", excerpt(&reference.body), excerpt(&learner.body)));
    }
    problems
}

fn excerpt(body: &str) -> String {
    let short: String = body.chars().take(200).collect();
    if short.len() < body.len() { format!("{short:?}...") } else { format!("{short:?}") }
}

/// The command that starts the learner's server by hand on [`HAND_PORT`], from the course
/// directory; `package_dir` is where the exercises' package is (`course`, or the root).
pub fn by_hand(package_dir: &Path, bin: &str) -> String {
    let manifest = if package_dir.as_os_str().is_empty() { String::new() } else { format!(" --manifest-path {}", package_dir.join("Cargo.toml").display()) };
    format!("PORT={HAND_PORT} cargo run{manifest} --bin {bin}")
}

pub fn failure_message(by_hand: &str, spec: &HttpRequestSpec, problems: &[String], response: Option<&Response>) -> String {
    let mut message = spec.reason.as_deref().map(|r| format!("{}\n", r.trim())).unwrap_or_default();
    message.push_str(&problems.iter().map(|p| format!("- {p}")).collect::<Vec<_>>().join("\n"));
    message.push_str(&format!("\n\ntry it by hand: start your server with\n  {by_hand}\nthen, in another terminal, send the request:\n  {}", curl(HAND_PORT, spec)));
    if let Some(response) = response {
        message.push_str(&format!("\n\nyour server answered:\n{}", indent(&response.describe())));
    }
    message
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}")).collect::<Vec<_>>().join("\n")
}

pub fn start_failure(exercise: &str, err: StartError, limit: Duration, by_hand: &str) -> Verdict {
    match err {
        StartError::Exited(output, hit) => {
            let mut v = Verdict::new(exercise, Outcome::Failed, "your program exited before listening");
            let (status, printed) = output.split_once('\n').unwrap_or((output.as_str(), ""));
            let mut message = format!("your program exited before it listened on 127.0.0.1:$PORT ({status})");
            if let Some(hit) = hit {
                v.summary = format!("{hit}: {}", hit.advice());
                message = format!("{hit}, and was stopped before it listened on 127.0.0.1:$PORT");
            }
            if !printed.trim().is_empty() {
                let tail: Vec<&str> = printed.trim_end().lines().rev().take(20).collect();
                message.push_str(&format!("; the end of what it printed:\n{}", tail.into_iter().rev().collect::<Vec<_>>().join("\n")));
            }
            message.push_str(&format!("\n\nstart it by hand to see what happens:\n  {by_hand}"));
            v.tests.push(TestResult::fail("server starts", message));
            v.output = output;
            v
        }
        StartError::NeverListened(output) => {
            let mut v = Verdict::new(exercise, Outcome::TimedOut { phase: "waiting for your server to listen".into(), limit: START_LIMIT.min(limit) }, "your server never started listening");
            let message = format!("your server did not accept connections on 127.0.0.1:$PORT in time: read the port from the PORT environment variable and bind to it\n\nstart it by hand to see what happens:\n  {by_hand}");
            v.tests.push(TestResult::fail("server starts", message));
            v.output = output;
            v
        }
        StartError::Spawn(err) => Verdict::new(exercise, Outcome::Error(err.to_string()), "the server could not be started"),
    }
}

/// Runs the whole exchange against a started server (and the reference's, in side-by-side mode).
pub async fn exchange(exercise: &str, settings: &HttpSettings, server: &mut Server, reference: Option<&mut Server>, limit: Duration, by_hand: &str) -> Verdict {
    let client = client(limit.min(Duration::from_secs(10)));
    let mut tests = Vec::new();
    if let Some(address) = listen::exposed(server.port) {
        tests.push(TestResult::fail("server listens on 127.0.0.1 only", listen::exposed_message(&address, server.port)));
    }
    let mut reference = reference;
    for spec in &settings.requests {
        let name = format!("{} {}", spec.method.to_uppercase(), spec.path);
        let response = send(&client, server.port, spec).await;
        let problems = match (&response, reference.as_deref_mut()) {
            (Err(err), _) => vec![err.clone()],
            (Ok(response), Some(reference)) => match send(&client, reference.port, spec).await {
                Ok(expected) => {
                    let mut problems = response_differences(response, &expected, server.port, reference.port);
                    problems.extend(expectation_failures(spec, response));
                    problems
                }
                Err(err) => vec![format!("(authoring error) the reference server failed: {err}")],
            },
            (Ok(response), None) => expectation_failures(spec, response),
        };
        if problems.is_empty() {
            tests.push(TestResult::pass(name));
        } else {
            tests.push(TestResult::fail(name, failure_message(by_hand, spec, &problems, response.as_ref().ok())));
        }
    }
    let output = server.stop().await;
    if let Some(reference) = reference {
        reference.stop().await;
    }
    if server.exited_early {
        // Whatever answered (a daemon it left behind) was not the program under check.
        tests.push(TestResult::fail("server keeps running", EXITED_EARLY));
    }
    let mut verdict = Verdict::from_tests(exercise, tests, "requests");
    if let Some(hit) = server.limit {
        verdict.outcome = Outcome::Failed;
        verdict.summary = format!("{hit}: {}", hit.advice());
    }
    verdict.output = output;
    verdict
}

const EXITED_EARLY: &str = "your program exited while it was being checked, before the runner stopped it: \
    a server keeps running in the foreground until it is told to stop (do not daemonise it or hand \
    the listening socket to another process; the runner stops everything it started)";

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> HttpRequestSpec {
        HttpRequestSpec {
            method: "POST".into(),
            path: "/users".into(),
            headers: [("content-type".to_owned(), "application/json".to_owned())].into(),
            body: Some(r#"{"name":"Ada"}"#.into()),
            status: Some(201),
            expect_headers: [("location".to_owned(), "*".to_owned())].into(),
            expect_json: None,
            expect_json_contains: Some(r#"{"name":"Ada"}"#.into()),
            reason: None,
        }
    }

    #[test]
    fn two_hundred_instead_of_two_hundred_one_is_named() {
        let response = Response { status: 200, headers: vec![], body: r#"{"id":1,"name":"Ada"}"#.into() };
        let problems = expectation_failures(&spec(), &response);
        assert!(problems.iter().any(|p| p == "expected status 201 Created, got 200 OK"), "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("`location` header")), "{problems:?}");
    }

    #[test]
    fn a_correct_response_passes_whatever_the_field_order() {
        let response = Response {
            status: 201,
            headers: vec![("Location".into(), "/users/1".into())],
            body: r#"{"name":"Ada","id":1.0}"#.into(),
        };
        assert!(expectation_failures(&spec(), &response).is_empty());
        assert!(json_eq(&serde_json::json!({"a": 1, "b": [1]}), &serde_json::json!({"b": [1.0], "a": 1})));
    }

    #[test]
    fn curl_shows_the_request() {
        assert_eq!(curl(8080, &spec()), "curl -i -X POST 'http://127.0.0.1:8080/users' -H 'content-type: application/json' --data '{\"name\":\"Ada\"}'");
    }

    #[test]
    fn a_failure_says_how_to_start_the_server_by_hand() {
        let message = failure_message(&by_hand(Path::new("course"), "create_user"), &spec(), &["expected status 201".into()], None);
        assert!(message.contains("PORT=3000 cargo run --manifest-path course/Cargo.toml --bin create_user"), "{message}");
        assert!(message.contains("curl -i -X POST 'http://127.0.0.1:3000/users'"), "{message}");
        assert_eq!(by_hand(Path::new(""), "a"), "PORT=3000 cargo run --bin a");
    }

    #[test]
    fn json_media_type_parameters_are_accepted() {
        assert!(header_matches("application/json; charset=utf-8", "application/json"));
        assert!(!header_matches("text/plain", "application/json"));
    }
}
