//! stub
/// c
pub struct Config;
/// i
pub struct InitStep;
/// s
pub struct ScriptDirectory;
