//! # Cache keys: everything that changes the answer, nothing else
//!
//! `PageCache` caches rendered dashboards, and it has a bug that shipped: the
//! key is only the path. After Alice opens `/dashboard`, Bob is served Alice's
//! dashboard (her name, her orders), and French readers get English pages.
//! Fix `CacheKey` and `CacheKey::for_request`: the key must hold every input
//! that changes the page (path, user, locale) and nothing that does not
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
    user_id: u64,
    locale: String,
}

impl CacheKey {
    pub fn for_request(request: &Request) -> Self {
        Self {
            path: request.path.clone(),
            user_id: request.user_id,
            locale: request.locale.clone(),
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

    fn request(path: &str, user_id: u64, locale: &str, request_id: u64) -> Request {
        Request {
            path: path.to_string(),
            user_id,
            locale: locale.to_string(),
            request_id,
            user_agent: format!("browser/{request_id}"),
        }
    }

    #[test]
    fn a_user_never_gets_another_users_page() {
        let mut cache = PageCache::new();
        let alice = request("/dashboard", ALICE, "en", 1);
        let bob = request("/dashboard", BOB, "en", 2);
        assert_eq!(cache.page(&alice), render(&alice));
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
        let english = request("/dashboard", ALICE, "en", 1);
        let french = request("/dashboard", ALICE, "fr", 2);
        assert_eq!(cache.page(&english), render(&english));
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
        let dashboard = request("/dashboard", ALICE, "en", 1);
        let orders = request("/orders", ALICE, "en", 2);
        assert_eq!(cache.page(&dashboard), render(&dashboard));
        assert_eq!(
            cache.page(&orders),
            render(&orders),
            "/orders is not /dashboard"
        );
    }

    #[test]
    fn a_repeated_request_is_a_hit() {
        let mut cache = PageCache::new();
        for request_id in 1..=5 {
            let same_page = request("/dashboard", ALICE, "en", request_id);
            assert_eq!(cache.page(&same_page), render(&same_page));
        }
        assert_eq!(
            cache.renders, 1,
            "five requests for the same page (same path, user and locale) rendered it {} \
             times: the request id and user agent differ on every request but do not change \
             the page, so they must not be part of the key (the cache would never hit)",
            cache.renders
        );
    }
}
