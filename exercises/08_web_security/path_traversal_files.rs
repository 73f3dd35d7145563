//! # Path traversal in a file-serving endpoint
//!
//! `GET /files/{*path}` serves the documents under one root directory. Complete `serve_file` so
//! that it can only ever serve a regular file inside that root:
//! - join the requested path onto the root and resolve it first (`canonicalize` removes `.`,
//!   `..` and symbolic links), then check the result: a check on the text the client sent
//!   misses `docs/../../secret.txt`, an absolute path, and links that point out of the root;
//! - the resolved file must be inside the (already canonical) root, compared by path
//!   components (`Path::starts_with`), not as text: `/srv/public-backup` starts with the
//!   *text* `/srv/public`;
//! - anything outside the root, missing, or not a regular file (a directory) is `404 Not
//!   Found`, the same answer in every case, so a probe learns nothing; a path that stays inside
//!   once resolved (`docs/../readme.txt`) is served.
//!
//! Why it matters: `../` in a file name is one of the oldest attacks on the web and still finds
//! configuration files, keys and source code; the client controls every byte of the path, and
//! URL decoding hands your handler `..` and `/` it never saw in the URL.

use std::{
    path::{Path as FsPath, PathBuf},
    sync::Arc,
};

use axum::{
    Router,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::get,
};

/// The canonical root directory the files are served from.
#[derive(Clone)]
pub struct Root(Arc<PathBuf>);

impl Root {
    pub fn dir(&self) -> &FsPath {
        &self.0
    }
}

/// `GET /files/{*path}`: the file's bytes, or 404.
pub async fn serve_file(State(root): State<Root>, Path(requested): Path<String>) -> Response {
    // TODO: `tokio::fs::canonicalize(root.dir().join(&requested)).await` (an error: 404). The
    // result must `starts_with(root.dir())` (a `Path` method, comparing components) and be a
    // file (`tokio::fs::metadata(..).await`, `.is_file()`); otherwise 404. Then answer
    // `tokio::fs::read(..).await` as the body (an error there: 404 too).
    todo!()
}

/// The app, serving the files under `root` (resolved once, at start).
pub fn app(root: &FsPath) -> std::io::Result<Router> {
    let root = Root(Arc::new(std::fs::canonicalize(root)?));
    Ok(Router::new()
        .route("/files/{*path}", get(serve_file))
        .with_state(root))
}

/// The answer for every path that is not served.
pub fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "not found").into_response()
}

fn main() {
    // Checked by the tests, which lay out a directory with secrets around the root.
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    const SECRET: &str = "TOP-SECRET";

    /// A fresh directory:
    /// ```text
    /// <dir>/public/readme.txt         served
    /// <dir>/public/docs/guide.txt     served
    /// <dir>/public/escape -> ../secret.txt   a link out of the root
    /// <dir>/public-backup/secret.txt  beside the root, with the root's name as a prefix
    /// <dir>/secret.txt
    /// ```
    fn layout() -> PathBuf {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "websec-files-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("public/docs")).unwrap();
        std::fs::create_dir_all(dir.join("public-backup")).unwrap();
        std::fs::write(dir.join("public/readme.txt"), "public readme").unwrap();
        std::fs::write(dir.join("public/docs/guide.txt"), "the guide").unwrap();
        std::fs::write(dir.join("secret.txt"), format!("{SECRET} keys")).unwrap();
        std::fs::write(
            dir.join("public-backup/secret.txt"),
            format!("{SECRET} backup"),
        )
        .unwrap();
        std::os::unix::fs::symlink("../secret.txt", dir.join("public/escape")).unwrap();
        dir
    }

    async fn spawn_app(dir: &FsPath) -> String {
        let app = app(&dir.join("public")).expect("the root exists");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        format!("http://{addr}")
    }

    /// `GET /files/<encoded>`: `%2F` is a `/` the URL parser leaves alone, and the route
    /// decodes; returns the status and body.
    async fn get_file(base: &str, encoded: &str) -> (u16, String) {
        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        let response = client
            .get(format!("{base}/files/{encoded}"))
            .send()
            .await
            .expect("the server closed the connection without answering: did serve_file panic?");
        let status = response.status().as_u16();
        (status, response.text().await.unwrap_or_default())
    }

    #[tokio::test]
    async fn files_inside_the_root_are_served() {
        let dir = layout();
        let base = spawn_app(&dir).await;
        for (encoded, body) in [
            ("readme.txt", "public readme"),
            ("docs/guide.txt", "the guide"),
            ("docs%2F..%2Freadme.txt", "public readme"),
        ] {
            let (status, got) = get_file(&base, encoded).await;
            assert!(
                status == 200 && got == body,
                "GET /files/{encoded} is inside the root once resolved: answer 200 with its \
                 content {body:?}, got {status} {got:?}"
            );
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// Asserts that `GET /files/<encoded>` is a 404 that shows no secret.
    async fn assert_refused(base: &str, encoded: &str, why: &str) {
        let (status, body) = get_file(base, encoded).await;
        assert!(
            !body.contains(SECRET),
            "GET /files/{encoded} served a file outside the root ({body:?}): {why}"
        );
        assert_eq!(
            status, 404,
            "GET /files/{encoded} must answer 404 Not Found, like any file that is not served \
             (not 400, 403 or 500: the same answer in every case, so a probe learns nothing)"
        );
    }

    #[tokio::test]
    async fn dot_dot_out_of_the_root_is_refused() {
        let dir = layout();
        let base = spawn_app(&dir).await;
        assert_refused(
            &base,
            "..%2Fsecret.txt",
            "`../secret.txt` climbs out of the root: resolve the path, then check it",
        )
        .await;
        assert_refused(
            &base,
            "docs%2F..%2F..%2Fsecret.txt",
            "`docs/../../secret.txt` does not start with `..`, yet it climbs out: check the \
             resolved path, not the text the client sent",
        )
        .await;
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[tokio::test]
    async fn a_sibling_directory_with_the_same_prefix_is_refused() {
        let dir = layout();
        let base = spawn_app(&dir).await;
        assert_refused(
            &base,
            "..%2Fpublic-backup%2Fsecret.txt",
            "`.../public-backup/secret.txt` starts with the *text* of the root `.../public`: \
             compare paths by components (`Path::starts_with`), not as strings",
        )
        .await;
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[tokio::test]
    async fn an_absolute_path_is_refused() {
        let dir = layout();
        let base = spawn_app(&dir).await;
        let absolute = std::fs::canonicalize(dir.join("secret.txt")).unwrap();
        let encoded = absolute.to_string_lossy().replace('/', "%2F");
        assert_refused(
            &base,
            &encoded,
            "joining an absolute path onto the root replaces the root: check where the joined \
             path resolves to",
        )
        .await;
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[tokio::test]
    async fn a_link_out_of_the_root_is_refused() {
        let dir = layout();
        let base = spawn_app(&dir).await;
        assert_refused(
            &base,
            "escape",
            "`escape` is a symbolic link to a file outside the root: resolve links \
             (`canonicalize`) before checking, a check on the path's text cannot see them",
        )
        .await;
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[tokio::test]
    async fn directories_and_missing_files_are_404() {
        let dir = layout();
        let base = spawn_app(&dir).await;
        for encoded in ["docs", "missing.txt", "docs%2Fmissing.txt"] {
            let (status, _) = get_file(&base, encoded).await;
            assert_eq!(
                status, 404,
                "GET /files/{encoded} is not a regular file in the root: 404 Not Found"
            );
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
