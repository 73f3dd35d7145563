//! Watch mode (placeholder while the dispatcher is written).
use crate::app::{Exit, Session};
use crate::cli::WatchArgs;

pub async fn run(_session: Session, _args: WatchArgs) -> anyhow::Result<Exit> {
    Ok(Exit::Success)
}
