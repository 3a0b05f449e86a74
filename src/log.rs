//! Log output in Alembic's layout — `INFO  [alambic.runtime.migration] Running upgrade …` —
//! so a Flask-Migrate user reads it at a glance. Logs go to standard error; command
//! results (history, `Generating … done`) go to standard output.

use std::fmt;

use tracing::{Event, Level, Subscriber};
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields};
use tracing_subscriber::registry::LookupSpan;

/// Formats events as `LEVEL [target] message`, one line per line of the message.
pub struct AlembicFormat;

impl<S, N> FormatEvent<S, N> for AlembicFormat
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(&self, ctx: &FmtContext<'_, S, N>, mut writer: Writer<'_>, event: &Event<'_>) -> fmt::Result {
        let level = match *event.metadata().level() {
            Level::ERROR => "ERROR",
            Level::WARN => "WARN ",
            Level::INFO => "INFO ",
            Level::DEBUG => "DEBUG",
            Level::TRACE => "TRACE",
        };
        let mut message = String::new();
        ctx.format_fields(Writer::new(&mut message), event)?;
        for line in message.lines() {
            writeln!(writer, "{level} [{}] {line}", event.metadata().target())?;
        }
        Ok(())
    }
}

/// Installs the Alembic-style logger on standard error (INFO and up, or what `RUST_LOG`
/// says). Does nothing if a logger is installed already.
pub fn init() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .event_format(AlembicFormat)
        .try_init();
}
