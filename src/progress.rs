//! The progress line on a terminal while a long build runs (SPEC §6).
//!
//! The build only counts the files it writes, with one relaxed atomic add
//! per file; a thread of its own draws, and only once the build has taken
//! longer than [`DELAY`], so a quick build prints nothing more than its
//! summary. The line is cleared before the summary is printed.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a build runs before the progress line appears.
pub const DELAY: Duration = Duration::from_secs(1);

/// How often the line is redrawn.
const TICK: Duration = Duration::from_millis(100);

/// What decides whether a progress line is shown.
#[derive(Debug, Clone, Copy)]
pub struct Conditions {
    /// Whether stderr is a terminal.
    pub terminal: bool,
    /// Whether NO_COLOR is set to something: plain output was asked for.
    pub no_color: bool,
    /// Whether TERM is `dumb`, a terminal that cannot move its cursor.
    pub dumb: bool,
    /// Whether problems are printed as JSON, for a program to read.
    pub json: bool,
}

impl Conditions {
    /// The conditions of this process.
    pub fn of_process(json: bool) -> Self {
        use std::io::IsTerminal;
        let set = |name| std::env::var_os(name).is_some_and(|v| !v.is_empty());
        Conditions {
            terminal: std::io::stderr().is_terminal(),
            no_color: set("NO_COLOR"),
            dumb: std::env::var_os("TERM").is_some_and(|t| t == "dumb"),
            json,
        }
    }

    /// Whether to show progress: on a terminal that can redraw a line, when
    /// neither plain output nor JSON was asked for.
    pub fn show(self) -> bool {
        self.terminal && !self.no_color && !self.dumb && !self.json
    }
}

/// A running progress display; [`Progress::finish`] clears it.
pub struct Progress {
    written: Arc<AtomicUsize>,
    stop: Option<mpsc::Sender<()>>,
    drawer: Option<JoinHandle<()>>,
}

impl Progress {
    /// Starts counting; draws on stderr after [`DELAY`] when `show`.
    pub fn start(verb: &'static str, show: bool) -> Self {
        let written = Arc::new(AtomicUsize::new(0));
        if !show {
            return Progress {
                written,
                stop: None,
                drawer: None,
            };
        }
        let (stop, stopped) = mpsc::channel::<()>();
        let counter = Arc::clone(&written);
        let drawer = std::thread::Builder::new()
            .name("progress".into())
            .spawn(move || draw(verb, &counter, &stopped))
            .ok();
        Progress {
            written,
            stop: Some(stop),
            drawer,
        }
    }

    /// The counter the build adds to.
    pub fn counter(&self) -> Arc<AtomicUsize> {
        Arc::clone(&self.written)
    }

    /// Stops drawing and clears the line, before the summary is printed.
    pub fn finish(mut self) {
        drop(self.stop.take());
        if let Some(drawer) = self.drawer.take() {
            let _ = drawer.join();
        }
    }
}

/// The drawing thread: waits out [`DELAY`], then redraws every [`TICK`]
/// until the sender is dropped.
fn draw(verb: &'static str, written: &AtomicUsize, stopped: &mpsc::Receiver<()>) {
    let start = Instant::now();
    if !matches!(stopped.recv_timeout(DELAY), Err(RecvTimeoutError::Timeout)) {
        return;
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg}") {
        bar.set_style(style);
    }
    loop {
        let n = written.load(Ordering::Relaxed);
        let secs = start.elapsed().as_secs();
        bar.set_message(if n == 0 {
            format!("{verb} the site ({secs} s)")
        } else {
            format!("{verb}: {n} files written ({secs} s)")
        });
        bar.tick();
        if !matches!(stopped.recv_timeout(TICK), Err(RecvTimeoutError::Timeout)) {
            break;
        }
    }
    bar.finish_and_clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    const TERMINAL: Conditions = Conditions {
        terminal: true,
        no_color: false,
        dumb: false,
        json: false,
    };

    #[test]
    fn shown_only_on_a_terminal_that_asked_for_nothing_plain() {
        assert!(TERMINAL.show());
        for not in [
            Conditions {
                terminal: false,
                ..TERMINAL
            },
            Conditions {
                no_color: true,
                ..TERMINAL
            },
            Conditions {
                dumb: true,
                ..TERMINAL
            },
            Conditions {
                json: true,
                ..TERMINAL
            },
        ] {
            assert!(!not.show(), "{not:?}");
        }
    }

    #[test]
    fn a_quick_run_starts_no_display_and_finishes_at_once() {
        let progress = Progress::start("building", false);
        progress.counter().fetch_add(3, Ordering::Relaxed);
        assert!(progress.drawer.is_none());
        let started = Instant::now();
        progress.finish();
        assert!(started.elapsed() < DELAY);
    }

    #[test]
    fn finishing_before_the_delay_never_draws_and_does_not_wait_for_it() {
        let progress = Progress::start("building", true);
        let started = Instant::now();
        progress.finish();
        assert!(started.elapsed() < DELAY);
    }
}
