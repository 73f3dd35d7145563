//! # Graceful shutdown: stop accepting, finish what is in flight
//!
//! Write `serve`, which runs the app until the `shutdown` future completes, then shuts down
//! gracefully: it stops accepting new connections at once, lets every request already in
//! progress finish and send its response, however long that takes, and only then returns. (How
//! long to wait is the orchestrator's decision: it kills the process after its grace period.)
//!
//! Why it matters: every deploy stops the old instances (orchestrators send SIGTERM, wait a grace
//! period, then kill). A server that exits on the spot cuts off the requests it was serving:
//! half-written responses, payments that went through but were reported as failed, retries.
//! `main` shows the usual signal: Ctrl+C or SIGTERM.

use std::future::Future;

use axum::{Router, routing::get};
use tokio::net::TcpListener;

/// Serves `app` on `listener` until `shutdown` completes, then drains in-flight requests.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}

/// Completes on Ctrl+C, or on SIGTERM where there are Unix signals.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %err, "cannot listen for Ctrl+C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut sigterm) => {
                sigterm.recv().await;
            }
            Err(err) => {
                tracing::error!(error = %err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let app = Router::new().route("/", get(|| async { "hello" }));
    let listener = TcpListener::bind("127.0.0.1:3000").await?;
    serve(listener, app, shutdown_signal()).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::{net::SocketAddr, sync::Arc, time::Duration};
    use tokio::sync::{Notify, oneshot};

    /// An app whose `/slow` request starts, tells the test, and finishes only when told to.
    fn slow_app(started: Arc<Notify>, release: Arc<Notify>) -> Router {
        Router::new().route(
            "/slow",
            get(move || async move {
                started.notify_one();
                release.notified().await;
                "done"
            }),
        )
    }

    /// Resolves once connecting to `addr` is refused, that is once the listener is closed.
    async fn until_refused(addr: SocketAddr) {
        while tokio::net::TcpStream::connect(addr).await.is_ok() {
            tokio::task::yield_now().await;
        }
    }

    #[tokio::test]
    async fn in_flight_request_completes_after_the_signal() {
        let started = Arc::new(Notify::new());
        let release = Arc::new(Notify::new());
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (shutdown_tx, shutdown_rx) = oneshot::channel::<()>();
        let shutdown = async move {
            let _ = shutdown_rx.await;
        };
        let server = tokio::spawn(serve(
            listener,
            slow_app(started.clone(), release.clone()),
            shutdown,
        ));

        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        let mut in_flight = tokio::spawn(client.get(format!("http://{addr}/slow")).send());
        tokio::select! {
            () = started.notified() => {}
            answer = &mut in_flight => panic!(
                "GET /slow ended before it reached the handler ({}): does `serve` serve the app \
                 on the listener, and wait (`.await`) until the server is done?",
                match answer {
                    Ok(Ok(response)) => format!("answered {}", response.status()),
                    Ok(Err(err)) => format!("no answer: {err}"),
                    Err(err) => err.to_string(),
                }
            ),
            () = tokio::time::sleep(Duration::from_secs(5)) => {
                panic!("GET /slow never reached the handler: does `serve` serve the app?")
            }
        }

        shutdown_tx.send(()).unwrap();
        tokio::time::timeout(Duration::from_secs(5), until_refused(addr))
            .await
            .unwrap_or_else(|_| {
                panic!(
                    "the server still accepts new connections after the shutdown signal: pass \
                     the signal to `with_graceful_shutdown` so it stops accepting at once"
                )
            });

        // Let an hour go by on tokio's clock while the request is still in flight (the clock is
        // paused, so the hour passes at once): a server with a grace period of its own would
        // give up on the request and return.
        tokio::time::pause();
        tokio::time::sleep(Duration::from_secs(3600)).await;
        tokio::time::resume();
        assert!(
            !server.is_finished(),
            "`serve` returned while a request was still in flight: a graceful shutdown waits for \
             every in-flight request however long it takes (`axum::serve(..)\
             .with_graceful_shutdown(signal)`; not a `select!` that drops the server, nor a grace \
             period of its own: the orchestrator decides when to give up)"
        );

        release.notify_one();
        let response = tokio::time::timeout(Duration::from_secs(5), in_flight)
            .await
            .unwrap_or_else(|_| panic!("the in-flight request never completed"))
            .unwrap()
            .expect(
                "the in-flight request was cut off by the shutdown: it must finish and get its \
                 response",
            );
        let status = response.status().as_u16();
        let body = response.text().await.unwrap_or_default();
        assert!(
            status == 200 && body == "done",
            "the in-flight request must finish normally (200 `done`), got {status} `{body}`"
        );

        tokio::time::timeout(Duration::from_secs(5), server)
            .await
            .unwrap_or_else(|_| panic!("`serve` must return once the in-flight requests are done"))
            .unwrap()
            .expect("`serve` should return Ok(()) after a graceful shutdown");
    }

    #[tokio::test]
    async fn idle_server_returns_after_the_signal() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = Router::new().route("/", get(|| async { "hello" }));
        let (shutdown_tx, shutdown_rx) = oneshot::channel::<()>();
        let server = tokio::spawn(serve(listener, app, async move {
            let _ = shutdown_rx.await;
        }));

        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        let response = client.get(format!("http://{addr}/")).send().await.expect(
            "the server did not answer: did `serve` panic? Look for `not yet implemented` above",
        );
        assert_eq!(
            response.text().await.unwrap_or_default(),
            "hello",
            "GET / should answer `hello` before the shutdown"
        );

        shutdown_tx.send(()).unwrap();
        tokio::time::timeout(Duration::from_secs(5), server)
            .await
            .unwrap_or_else(|_| {
                panic!(
                    "`serve` kept running after the shutdown signal with nothing in flight: give \
                     the signal to `with_graceful_shutdown`"
                )
            })
            .unwrap()
            .expect("`serve` should return Ok(()) after a graceful shutdown");
        assert!(
            tokio::net::TcpStream::connect(addr).await.is_err(),
            "once `serve` returned, new connections must be refused"
        );
    }
}
