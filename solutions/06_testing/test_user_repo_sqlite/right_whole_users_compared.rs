//! right: compares whole `User` values, seeded in a shuffled order, with let-else for the error
#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: i64, email: &str, name: &str, created_at: i64) -> User {
        User { id, email: email.into(), name: name.into(), created_at }
    }

    /// Seeded out of time order: ids 1..=5, two pairs of users sharing a second.
    fn fixture() -> (UserRepo, Vec<User>) {
        let repo = UserRepo::new(Connection::open_in_memory().expect("db")).expect("schema");
        let rows = [
            ("Eve@Mail.test", "Eve", 50),
            ("fay@mail.test", "Fay", 10),
            ("gus@mail.test", "Gus", 50),
            ("hal@mail.test", "Hal", 10),
            ("ivy@mail.test", "Ivy", 30),
        ];
        let users = rows
            .iter()
            .map(|&(email, name, at)| repo.insert(email, name, at).expect("insert"))
            .collect();
        (repo, users)
    }

    #[test]
    fn insert_returns_the_stored_user() {
        let (repo, users) = fixture();
        assert_eq!(users[0], user(1, "Eve@Mail.test", "Eve", 50));
        assert_eq!(users[4], user(5, "ivy@mail.test", "Ivy", 30));
        for stored in &users {
            assert_eq!(repo.find_by_email(&stored.email).expect("query"), Some(stored.clone()));
        }
    }

    #[test]
    fn emails_ignore_case() {
        let (repo, users) = fixture();
        assert_eq!(repo.find_by_email("eve@mail.TEST").expect("query"), Some(users[0].clone()));
        assert_eq!(repo.find_by_email("eve@mail.test.").expect("query"), None);
        let Err(RepoError::DuplicateEmail) = repo.insert("EVE@mail.test", "Eve 2", 99) else {
            panic!("a duplicate in another case must be DuplicateEmail");
        };
    }

    #[test]
    fn newest_first_and_latest_inserted_first_on_ties() {
        let (repo, users) = fixture();
        let order = |n| -> Vec<i64> { repo.list_newest(n).expect("query").iter().map(|u| u.id).collect() };
        assert_eq!(order(5), [3, 1, 5, 4, 2]);
        assert_eq!(order(3), [3, 1, 5]);
        assert_eq!(order(1), [3]);
        assert_eq!(repo.list_newest(5).expect("query")[0], users[2]);
    }
}
