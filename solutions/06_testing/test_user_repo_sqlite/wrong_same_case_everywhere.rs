//! wrong: the duplicate and the lookup use the email exactly as stored, never another case
//! expect: emails that differ only in letter case are treated as different users
//! expect: looking up an email in another letter case finds nobody
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
        repo.insert("carol@example.com", "Carol", 200).unwrap();
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
    fn unknown_email() {
        assert_eq!(seeded().find_by_email("nobody@example.com").unwrap(), None);
    }

    #[test]
    fn duplicate() {
        let err = seeded().insert("bob@example.com", "Bobby", 400).unwrap_err();
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
