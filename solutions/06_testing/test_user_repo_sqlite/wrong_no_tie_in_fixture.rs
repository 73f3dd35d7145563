//! wrong: every seeded user has its own created_at, so the tie-break is never exercised
//! expect: users created at the same second are listed in insertion order instead of the latest first
#[cfg(test)]
mod tests {
    use super::*;

    fn repo() -> UserRepo {
        UserRepo::new(Connection::open_in_memory().unwrap()).unwrap()
    }

    fn names(users: &[User]) -> Vec<&str> {
        users.iter().map(|u| u.name.as_str()).collect()
    }

    fn seeded() -> UserRepo {
        let repo = repo();
        repo.insert("ada@example.com", "Ada", 100).unwrap();
        repo.insert("bob@example.com", "Bob", 200).unwrap();
        repo.insert("carol@example.com", "Carol", 250).unwrap();
        repo.insert("dan@example.com", "Dan", 300).unwrap();
        repo
    }

    #[test]
    fn insert_then_find() {
        let repo = repo();
        let ada = repo.insert("ada@example.com", "Ada", 100).unwrap();
        assert_eq!(repo.find_by_email("ada@example.com").unwrap(), Some(ada));
    }

    #[test]
    fn lookup_ignores_case() {
        let found = seeded().find_by_email("ADA@Example.COM").unwrap();
        assert_eq!(found.map(|u| u.name), Some("Ada".to_string()));
    }

    #[test]
    fn unknown_email() {
        assert_eq!(seeded().find_by_email("nobody@example.com").unwrap(), None);
    }

    #[test]
    fn duplicate_in_another_case() {
        let err = seeded().insert("Bob@Example.com", "Bobby", 400).unwrap_err();
        assert!(matches!(err, RepoError::DuplicateEmail), "{err:?}");
    }

    #[test]
    fn newest_first_ties_latest_insert_first() {
        assert_eq!(names(&seeded().list_newest(10).unwrap()), ["Dan", "Carol", "Bob", "Ada"]);
    }

    #[test]
    fn limit() {
        assert_eq!(names(&seeded().list_newest(2).unwrap()), ["Dan", "Carol"]);
    }
}
