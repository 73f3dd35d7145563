//! # Cache keys: everything that changes the answer, nothing else
//!
//! `PageCache` caches rendered dashboards, and it has a bug that shipped: the
//! key is only the path. After Alice opens `/dashboard`, Bob is served Alice's
//! dashboard (her name, her orders), and French readers get English pages.
//! Fix `CacheKey` and `CacheKey::for_request`: the key must hold every input
//! that changes the page (path, user, locale), kept apart so that two different
//! requests can never make the same key, and nothing that does not change it
//! (request id, user agent), or the cache never hits.
//!
//! Why it matters: a key missing a dimension is not a performance bug, it is a
//! data leak across users. The same rule applies to shared HTTP caches, which
//! is why a personalised response needs `Cache-Control: private` and a
//! response that varies by a request header needs `Vary`.

use std::collections::HashMap;

/// What the server knows about an incoming request.
pub struct Request {
    pub path: String,
    pub user_id: u64,
    pub locale: String,
    pub request_id: u64,
    pub user_agent: String,
}

/// Identifies one cached page.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CacheKey {
    path: String,
    // TODO: add a field for every other input that changes the page.
}

impl CacheKey {
    pub fn for_request(request: &Request) -> Self {
        // TODO: fill the new fields from the request. Leave out what differs
        // on every request without changing the page.
        Self {
            path: request.path.clone(),
        }
    }
}

/// Renders the page: what it shows depends on the path, the user and the locale.
pub fn render(request: &Request) -> String {
    let greeting = match request.locale.as_str() {
        "fr" => "Bonjour",
        "de" => "Hallo",
        _ => "Hello",
    };
    format!(
        "<h1>{greeting}, user #{}</h1><main>{} (private to this user)</main>",
        request.user_id, request.path
    )
}

pub struct PageCache {
    pages: HashMap<CacheKey, String>,
    /// How many times a page was rendered (cache misses).
    pub renders: usize,
}

impl PageCache {
    pub fn new() -> Self {
        Self {
            pages: HashMap::new(),
            renders: 0,
        }
    }

    pub fn page(&mut self, request: &Request) -> String {
        let key = CacheKey::for_request(request);
        if let Some(page) = self.pages.get(&key) {
            return page.clone();
        }
        self.renders += 1;
        let page = render(request);
        self.pages.insert(key, page.clone());
        page
    }
}

impl Default for PageCache {
    fn default() -> Self {
        Self::new()
    }
}

fn main() {
    let mut cache = PageCache::new();
    for (user_id, locale) in [(1, "en"), (2, "fr"), (1, "en")] {
        let request = Request {
            path: "/dashboard".into(),
            user_id,
            locale: locale.into(),
            request_id: 7,
            user_agent: "curl/8".into(),
        };
        println!("{}", cache.page(&request));
    }
    println!("renders: {}", cache.renders);
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALICE: u64 = 1;
    const BOB: u64 = 2;

    fn request(path: &str, user_id: u64, locale: &str) -> Request {
        Request {
            path: path.to_string(),
            user_id,
            locale: locale.to_string(),
            request_id: 1,
            user_agent: "browser/1".to_string(),
        }
    }

    #[test]
    fn a_user_never_gets_another_users_page() {
        let mut cache = PageCache::new();
        let alice = request("/dashboard", ALICE, "en");
        let bob = request("/dashboard", BOB, "en");
        assert_eq!(cache.page(&alice), render(&alice), "Alice gets her page");
        assert_eq!(
            cache.page(&bob),
            render(&bob),
            "Bob was served Alice's dashboard: that is a data leak. The page depends on the \
             user, so the cache key must include the user id"
        );
        assert_eq!(
            cache.page(&alice),
            render(&alice),
            "and Alice still gets her own page"
        );
    }

    #[test]
    fn each_locale_gets_its_own_page() {
        let mut cache = PageCache::new();
        let english = request("/dashboard", ALICE, "en");
        let french = request("/dashboard", ALICE, "fr");
        assert_eq!(cache.page(&english), render(&english), "the English page");
        assert_eq!(
            cache.page(&french),
            render(&french),
            "a French request was served the English page: the page depends on the locale, \
             so the cache key must include it"
        );
    }

    #[test]
    fn each_path_gets_its_own_page() {
        let mut cache = PageCache::new();
        let dashboard = request("/dashboard", ALICE, "en");
        let orders = request("/orders", ALICE, "en");
        assert_eq!(cache.page(&dashboard), render(&dashboard), "the dashboard");
        assert_eq!(
            cache.page(&orders),
            render(&orders),
            "/orders was served the /dashboard page: the page depends on the path, so the \
             key keeps it"
        );
    }

    #[test]
    fn keys_of_different_pages_never_collide() {
        let mut cache = PageCache::new();
        let first = request("/report1", 23, "en");
        let second = request("/report12", 3, "en");
        assert_eq!(cache.page(&first), render(&first), "the first report");
        assert_eq!(
            cache.page(&second),
            render(&second),
            "/report12 for user 3 was served the page of /report1 for user 23: glued together \
             without a separator both keys read \"/report123en\". Keep each input in a field \
             of its own, so that different requests can never make the same key"
        );
    }

    #[test]
    fn the_request_id_is_not_part_of_the_key() {
        let mut cache = PageCache::new();
        for request_id in 1..=5 {
            let same_page = Request {
                request_id,
                ..request("/dashboard", ALICE, "en")
            };
            assert_eq!(cache.page(&same_page), render(&same_page), "the dashboard");
        }
        assert_eq!(
            cache.renders, 1,
            "five requests for the same page (same path, user and locale) with different \
             request ids rendered it {} times: the request id differs on every request but \
             does not change the page, so it must not be part of the key (the cache would \
             never hit)",
            cache.renders
        );
    }

    #[test]
    fn the_user_agent_is_not_part_of_the_key() {
        let mut cache = PageCache::new();
        for browser in ["firefox/140", "chrome/138", "curl/8.5", "safari/18"] {
            let same_page = Request {
                user_agent: browser.to_string(),
                ..request("/dashboard", ALICE, "en")
            };
            assert_eq!(cache.page(&same_page), render(&same_page), "the dashboard");
        }
        assert_eq!(
            cache.renders, 1,
            "four requests for the same page (same path, user and locale) from different \
             browsers rendered it {} times: the user agent does not change the page, so it \
             must not be part of the key (every browser version would get its own copy)",
            cache.renders
        );
    }
}
