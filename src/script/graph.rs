//! stub
#[derive(Debug, thiserror::Error)]
#[error("x")]
pub struct GraphError;
/// r
pub struct Revision;
/// g
pub struct RevisionGraph;
