//! wrong: expects an unknown email to be an error, but find_by_email answers Ok(None)
//! expect: your tests fail on the correct implementation
//! expect: nobody has this email
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
        assert!(seeded().find_by_email("nobody@example.com").is_err(), "nobody has this email");
    }
}
