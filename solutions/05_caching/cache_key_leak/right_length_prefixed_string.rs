//! right: one string key, but length-prefixed so no two requests can produce the same text
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
    encoded: String,
}

impl CacheKey {
    pub fn for_request(request: &Request) -> Self {
        Self {
            encoded: format!(
                "{}:{}|{}|{}:{}",
                request.path.len(),
                request.path,
                request.user_id,
                request.locale.len(),
                request.locale
            ),
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

