//! Stage timings for benchmarks: with `DOSSIER_TIMINGS=1` in the
//! environment, `build`, `check` and each rebuild of `serve` print how long
//! each stage took, on one line of standard error.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("DOSSIER_TIMINGS").is_some_and(|v| v != "0"))
}

/// Prints `timings (what): text` when timings are on (counts that go
/// with the timings, such as how many images were encoded).
pub fn note(what: &str, text: &str) {
    if enabled() {
        eprintln!("timings ({what}): {text}");
    }
}

/// Measures consecutive stages of one run.
pub struct Stages {
    last: Instant,
    laps: Vec<(&'static str, f64)>,
}

impl Stages {
    pub fn start() -> Self {
        Stages {
            last: Instant::now(),
            laps: Vec::new(),
        }
    }

    /// Ends the stage called `name` and starts the next.
    pub fn lap(&mut self, name: &'static str) {
        if enabled() {
            let now = Instant::now();
            self.laps
                .push((name, now.duration_since(self.last).as_secs_f64() * 1000.0));
            self.last = now;
        }
    }

    /// Prints the stages measured so far, as `timings: a 1.2 ms, b 3.4 ms`.
    pub fn report(&self, what: &str) {
        if enabled() && !self.laps.is_empty() {
            let laps: Vec<String> = self
                .laps
                .iter()
                .map(|(name, ms)| format!("{name} {ms:.1} ms"))
                .collect();
            eprintln!("timings ({what}): {}", laps.join(", "));
        }
    }
}

/// Time summed by kind of work, from many threads.
#[derive(Default)]
pub struct Tally(std::sync::Mutex<Vec<(&'static str, f64, usize)>>);

impl Tally {
    /// The start of one piece of work (`None` when timings are off).
    pub fn start(&self) -> Option<Instant> {
        enabled().then(Instant::now)
    }

    /// Adds the time since `started` to `kind`.
    pub fn add(&self, kind: &'static str, started: Option<Instant>) {
        let Some(started) = started else { return };
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        let mut all = self.0.lock().unwrap_or_else(|e| e.into_inner());
        match all.iter_mut().find(|(k, _, _)| *k == kind) {
            Some((_, total, n)) => {
                *total += ms;
                *n += 1;
            }
            None => all.push((kind, ms, 1)),
        }
    }

    /// Prints the totals, largest first.
    pub fn report(&self, what: &str) {
        let mut all = self.0.lock().unwrap_or_else(|e| e.into_inner()).clone();
        if all.is_empty() {
            return;
        }
        all.sort_by(|a, b| b.1.total_cmp(&a.1));
        let parts: Vec<String> = all
            .iter()
            .map(|(k, ms, n)| format!("{k} {ms:.0} ms ({n})"))
            .collect();
        eprintln!("timings ({what}): {}", parts.join(", "));
    }
}
