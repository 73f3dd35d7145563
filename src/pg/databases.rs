//! Databases of the runner's cluster: one template per fixture (and per layout of its rows),
//! and for every check a fresh database cloned from it (`CREATE DATABASE ... TEMPLATE`), so
//! destructive SQL never reaches the next check. Learners connect as roles without file access:
//! `learner` owns the check's database, `reader` may only read it.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tokio_postgres::{Client, NoTls};

use super::cluster::{Cluster, SUPERUSER};

/// The roles a learner's SQL runs as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Owns the check's database: may change it at will (never files, never the server).
    Learner,
    /// May only read it.
    Reader,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Self::Learner => "learner",
            Self::Reader => "reader",
        }
    }
}

/// How the template's rows are laid out (see the sql verifier's states).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layout {
    AsWritten,
    /// Every table's rows deleted and inserted again in reverse: a sequential scan meets them
    /// in another order.
    Reinserted,
}

pub struct Databases {
    cluster: Mutex<Cluster>,
    port: u16,
    password: String,
    pub note: Option<String>,
    templates: Mutex<HashMap<(u64, Layout), String>>,
    /// Read-only copies, shared by every check that only reads.
    shared: Mutex<HashMap<(u64, Layout), String>>,
    serial: AtomicU64,
    prepared: AtomicBool,
}

/// A database made for one check; dropped (with its sessions) when this is dropped.
pub struct CheckDatabase {
    pub name: String,
    databases: Arc<Databases>,
}

impl Databases {
    pub fn new(cluster: Cluster) -> Self {
        let (port, password, note) = (cluster.port, cluster.password.clone(), cluster.note.clone());
        Self { cluster: Mutex::new(cluster), port, password, note, templates: Mutex::default(), shared: Mutex::default(), serial: AtomicU64::new(0), prepared: AtomicBool::new(false) }
    }

    pub fn stop(&self) {
        if let Ok(mut cluster) = self.cluster.lock() {
            cluster.stop();
        }
    }

    /// The connection string of `database` for `role` (what a learner's Rust program is given).
    pub fn url(&self, database: &str, role: Role) -> String {
        format!("postgresql://{}:{}@127.0.0.1:{}/{database}", role.name(), self.password, self.port)
    }

    /// A session on `database` as `role`.
    pub async fn connect(&self, database: &str, role: Role) -> Result<Client, String> {
        self.connect_as(database, role.name()).await
    }

    async fn connect_as(&self, database: &str, user: &str) -> Result<Client, String> {
        let config = self.cluster.lock().map_err(|_| "the cluster's lock is poisoned".to_owned())?.config(database, user, &self.password);
        // Listening comes before accepting sessions: a fresh server says "starting up" for a
        // moment (SQLSTATE 57P03).
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        let (client, connection) = loop {
            match config.connect(NoTls).await {
                Ok(connected) => break connected,
                Err(err) if err.code().is_some_and(|c| c.code() == "57P03") && std::time::Instant::now() < deadline => {
                    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                }
                Err(err) => return Err(format!("cannot connect to database {database} as {user}: {}", err.as_db_error().map_or_else(|| err.to_string(), |db| db.message().to_owned()))),
            }
        };
        tokio::spawn(async move {
            let _ = connection.await;
        });
        Ok(client)
    }

    /// A fresh database for one check: a copy of `fixture`'s template in `layout`.
    pub async fn check_database(self: &Arc<Self>, fixture: &str, layout: Layout) -> Result<CheckDatabase, String> {
        let name = self.copy(fixture, layout).await?;
        Ok(CheckDatabase { name, databases: self.clone() })
    }

    async fn copy(self: &Arc<Self>, fixture: &str, layout: Layout) -> Result<String, String> {
        let template = self.template(fixture, layout).await?;
        let name = format!("check_{}_{}", std::process::id(), self.serial.fetch_add(1, Ordering::Relaxed));
        let admin = self.connect_as("postgres", SUPERUSER).await?;
        admin
            .batch_execute(&format!("CREATE DATABASE {name} TEMPLATE {template} OWNER learner STRATEGY FILE_COPY"))
            .await
            .map_err(|e| format!("cannot create the check's database: {e}"))?;
        Ok(name)
    }

    /// A copy of `fixture` in `layout` that only `Role::Reader` sessions use: nothing changes it,
    /// so every check that only reads shares it.
    pub async fn read_only_database(self: &Arc<Self>, fixture: &str, layout: Layout) -> Result<String, String> {
        let key = (hash(fixture), layout);
        if let Some(name) = self.shared.lock().ok().and_then(|t| t.get(&key).cloned()) {
            return Ok(name);
        }
        // Kept for the life of the cluster, not dropped with a check.
        let name = self.copy(fixture, layout).await?;
        if let Ok(mut shared) = self.shared.lock() {
            shared.insert(key, name.clone());
        }
        Ok(name)
    }

    /// The template of `fixture` in `layout`, made the first time it is asked for.
    async fn template(self: &Arc<Self>, fixture: &str, layout: Layout) -> Result<String, String> {
        let key = (hash(fixture), layout);
        if let Some(name) = self.templates.lock().ok().and_then(|t| t.get(&key).cloned()) {
            return Ok(name);
        }
        let admin = self.connect_as("postgres", SUPERUSER).await?;
        self.prepare_cluster(&admin).await?;
        let name = format!("fixture_{:016x}_{}", key.0, if layout == Layout::AsWritten { "w" } else { "r" });
        let found = admin.query("SELECT datistemplate FROM pg_database WHERE datname = $1", &[&name]).await.map_err(|e| e.to_string())?;
        match found.first().map(|row| row.try_get::<_, bool>(0).unwrap_or(false)) {
            // Made by an earlier run (marked a template as its last step): reuse it.
            Some(true) => {
                if let Ok(mut templates) = self.templates.lock() {
                    templates.insert(key, name.clone());
                }
                return Ok(name);
            }
            // Half made by a run that died: make it again.
            Some(false) => admin.batch_execute(&format!("DROP DATABASE {name} WITH (FORCE)")).await.map_err(|e| e.to_string())?,
            None => {}
        }
        match layout {
            Layout::AsWritten => {
                admin.batch_execute(&format!("CREATE DATABASE {name} OWNER learner")).await.map_err(|e| e.to_string())?;
                // Loaded by its owner, so the learner's role owns what the fixture creates.
                let loader = self.connect_as(&name, Role::Learner.name()).await?;
                loader.batch_execute(fixture).await.map_err(|e| format!("cannot load the fixture: {e}"))?;
                loader.batch_execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader; GRANT USAGE ON SCHEMA public TO reader;").await.map_err(|e| e.to_string())?;
            }
            Layout::Reinserted => {
                let written = Box::pin(self.template(fixture, Layout::AsWritten)).await?;
                admin.batch_execute(&format!("CREATE DATABASE {name} TEMPLATE {written} OWNER learner")).await.map_err(|e| e.to_string())?;
                let owner = self.connect_as(&name, SUPERUSER).await?;
                owner.batch_execute(REINSERT).await.map_err(|e| format!("cannot lay the fixture's rows out again: {e}"))?;
            }
        }
        admin.batch_execute(&format!("ALTER DATABASE {name} IS_TEMPLATE true")).await.map_err(|e| e.to_string())?;
        if let Ok(mut templates) = self.templates.lock() {
            templates.insert(key, name.clone());
        }
        Ok(name)
    }

    /// Once per process: the learner's roles, and no database left by a check of a runner that
    /// died before dropping it.
    async fn prepare_cluster(&self, admin: &Client) -> Result<(), String> {
        if self.prepared.swap(true, Ordering::SeqCst) {
            return Ok(());
        }
        let leftovers = admin.query("SELECT datname FROM pg_database WHERE datname LIKE 'check\\_%'", &[]).await.map_err(|e| e.to_string())?;
        for row in leftovers {
            let name: String = row.try_get(0).map_err(|e| e.to_string())?;
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
        }
        for role in [Role::Learner, Role::Reader] {
            let exists = !admin.query("SELECT 1 FROM pg_roles WHERE rolname = $1", &[&role.name()]).await.map_err(|e| e.to_string())?.is_empty();
            let verb = if exists { "ALTER" } else { "CREATE" };
            // Ordinary roles: no superuser, no file access, no server programs.
            admin
                .batch_execute(&format!("{verb} ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '{}'", role.name(), self.password))
                .await
                .map_err(|e| format!("cannot make the role {}: {e}", role.name()))?;
        }
        Ok(())
    }

    async fn drop_database(&self, name: &str) {
        if let Ok(admin) = self.connect_as("postgres", SUPERUSER).await {
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
        }
    }
}

impl CheckDatabase {
    pub fn url(&self, role: Role) -> String {
        self.databases.url(&self.name, role)
    }
}

impl Drop for CheckDatabase {
    fn drop(&mut self) {
        let (databases, name) = (self.databases.clone(), self.name.clone());
        if let Ok(handle) = tokio::runtime::Handle::try_current() {
            handle.spawn(async move { databases.drop_database(&name).await });
        }
    }
}

fn hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

/// Deletes and re-inserts, in reverse physical order, the rows of every table of the public
/// schema (foreign keys and triggers set aside while it runs).
const REINSERT: &str = r#"
SET session_replication_role = replica;
DO $$
DECLARE
    t record;
    cols text;
BEGIN
    FOR t IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public' AND c.relkind = 'r' LOOP
        SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) INTO cols
          FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name = t.relname AND is_generated = 'NEVER';
        EXECUTE format('CREATE TEMP TABLE runner_rows AS SELECT %s, ctid AS runner_ctid FROM %I', cols, t.relname);
        EXECUTE format('DELETE FROM %I', t.relname);
        EXECUTE format('INSERT INTO %I (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM runner_rows ORDER BY runner_ctid DESC', t.relname, cols, cols);
        DROP TABLE runner_rows;
    END LOOP;
END $$;
SET session_replication_role = DEFAULT;
"#;
