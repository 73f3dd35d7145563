//! wrong: resolves the path but forgets to check it is inside the root
//! expect: `../secret.txt` climbs out of the root
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
    // Resolve first (`..`, `.`, links, an absolute path), then check what it resolved to.
    let Ok(resolved) = tokio::fs::canonicalize(root.dir().join(&requested)).await else {
        return not_found();
    };

    match tokio::fs::metadata(&resolved).await {
        Ok(metadata) if metadata.is_file() => {}
        _ => return not_found(),
    }
    match tokio::fs::read(&resolved).await {
        Ok(bytes) => bytes.into_response(),
        Err(_) => not_found(),
    }
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
