//! `dossier serve` over real HTTP: what it answers, and what it refuses.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use crate::*;

/// A running `dossier serve`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
    host: String,
    /// What serve printed up to its address.
    banner: String,
}

impl Server {
    fn start(root: &std::path::Path, extra: &[&str]) -> Server {
        let port: &[&str] = if extra.contains(&"--port") {
            &[]
        } else {
            &["--port", "0"]
        };
        let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .arg("serve")
            .args(port)
            .args(extra)
            .current_dir(root)
            .env("NO_COLOR", "1")
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let mut lines = BufReader::new(stderr).lines();
        let mut banner = String::new();
        let url = loop {
            let line = lines.next().expect("serve exited").unwrap();
            banner.push_str(&line);
            banner.push('\n');
            if let Some(rest) = line.strip_prefix("serving the site at ") {
                break rest.split_whitespace().next().unwrap().to_string();
            }
        };
        // Keep draining stderr so the server never blocks on it.
        std::thread::spawn(move || for _ in lines {});
        let hostport = url.trim_start_matches("http://").trim_end_matches('/');
        let (host, port) = hostport.rsplit_once(':').unwrap();
        Server {
            child,
            port: port.parse().unwrap(),
            host: host.to_string(),
            banner,
        }
    }

    /// A raw GET: (status, headers, body).
    fn get(&self, path: &str) -> (u16, String, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let raw = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
        let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
        (status, head.to_lowercase(), body.to_string())
    }

    /// Waits until `path` answers as `ok` says; panics saying `what` was
    /// never seen, with the last answer.
    fn wait(&self, path: &str, what: &str, ok: impl Fn(u16, &str) -> bool) {
        let mut last = (0, String::new());
        for _ in 0..200 {
            let (status, _, body) = self.get(path);
            if ok(status, &body) {
                return;
            }
            last = (status, body);
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!("{what}: {path} answers {}:\n{}", last.0, last.1);
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn serves_pages_with_the_reload_script_and_binds_loopback() {
    let dir = fixture("full");
    let server = Server::start(dir.path(), &[]);
    assert_eq!(server.host, "127.0.0.1");
    let (status, head, body) = server.get("/2024/kell-crossing/");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/html"));
    assert!(body.contains("/__dossier/live.js"));
    let (status, head, _) = server.get("/style.css");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/css"));
    let (status, head, _) = server.get("/data/site.json");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: application/json"));
    let (status, head, _) = server.get("/2024/kell-crossing");
    assert_eq!(status, 301);
    assert!(head.contains("location: /2024/kell-crossing/"));
}

#[test]
fn traversal_and_unknown_paths_get_the_404_page() {
    let dir = fixture("full");
    let server = Server::start(dir.path(), &[]);
    for path in [
        "/../dossier.yaml",
        "/%2e%2e/dossier.yaml",
        "/%2E%2E%2Fdossier.yaml",
        "/2024/%2e%2e/%2e%2e/dossier.yaml",
        "/..%5cdossier.yaml",
        "/%252e%252e/dossier.yaml",
        "/.dossier-output",
        "/content/top-report.md",
        "/entities/nobody/",
        "/2024/",
    ] {
        let (status, _, body) = server.get(path);
        if path == "/2024/" {
            assert_eq!(status, 200, "{path}");
            continue;
        }
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains("base_url:"), "{path} leaked dossier.yaml");
        assert!(body.contains("<html"), "{path}: the site's 404 page");
    }
}

#[test]
fn build_output_never_contains_the_reload_script() {
    let dir = fixture("full");
    let public = build_ok(dir.path(), &["--drafts"]);
    for entry in walkdir::WalkDir::new(&public) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).unwrap();
            assert!(
                !String::from_utf8_lossy(&bytes).contains("__dossier"),
                "{}",
                entry.path().display()
            );
        }
    }
}

#[test]
fn a_saved_edit_is_served_and_a_broken_one_keeps_the_last_good_page() {
    let dir = fixture("full");
    let server = Server::start(dir.path(), &[]);
    let path = dir.path().join("content/2024/kell-crossing.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("The passenger crossing", "The edited crossing"),
    )
    .unwrap();
    let wait_for = |needle: &str, page: &str| {
        for _ in 0..100 {
            if server.get(page).2.contains(needle) {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        false
    };
    assert!(wait_for("The edited crossing", "/2024/kell-crossing/"));
    // Pages carry the build they come from, so a browser that missed the
    // reload event still notices a newer build.
    let page = server.get("/2024/kell-crossing/").2;
    assert!(
        !page.contains("data-version=\"0\""),
        "the version did not advance"
    );
    // Broken front matter: the last good page stays.
    std::fs::write(&path, text.replace("title: Nine days", "title: [Nine days")).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert!(
        server
            .get("/2024/kell-crossing/")
            .2
            .contains("The edited crossing")
    );
    // A new report appears in the listings; deleted, it leaves them.
    std::fs::write(&path, &text).unwrap();
    assert!(wait_for("The passenger crossing", "/2024/kell-crossing/"));
    let extra = dir.path().join("content/2024/late-news.md");
    std::fs::write(
        &extra,
        "---\ntitle: Late news\ndate: 2030-01-01\n---\nBody.\n",
    )
    .unwrap();
    assert!(wait_for("2024/late-news/", "/"));
    std::fs::remove_file(&extra).unwrap();
    for _ in 0..100 {
        if !server.get("/").2.contains("late-news/") && server.get("/2024/late-news/").0 == 404 {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("the deleted report is still listed");
}

#[test]
fn a_busy_port_is_skipped_and_named() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let dir = fixture("full");
    let server = Server::start(dir.path(), &["--port", &port.to_string()]);
    assert!(
        server.banner.contains(&format!("port {port} is taken")),
        "{}",
        server.banner
    );
    assert_ne!(server.port, port);
    assert_eq!(server.get("/").0, 200);
}

#[test]
fn another_bind_address_warns_that_the_site_is_exposed() {
    let dir = fixture("full");
    let server = Server::start(dir.path(), &["--bind", "0.0.0.0"]);
    assert!(
        server.banner.contains("exposes the site"),
        "{}",
        server.banner
    );
}

#[test]
fn ctrl_c_stops_cleanly_and_leaves_nothing_behind() {
    let dir = fixture("full");
    let before: Vec<_> = std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    let mut server = Server::start(dir.path(), &[]);
    let _ = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status();
    let status = server.child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    // Nothing was written into the site or the temporary folder.
    assert!(!dir.path().join("public").exists());
    let after: Vec<_> = std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    let new: Vec<_> = after
        .iter()
        .filter(|n| !before.contains(n) && n.to_string_lossy().contains("dossier"))
        .collect();
    assert!(new.is_empty(), "{new:?}");
}

#[test]
fn a_renamed_folder_moves_its_reports() {
    let dir = fixture("full");
    let server = Server::start(dir.path(), &[]);
    assert_eq!(server.get("/2024/harbour/tide-tables/").0, 200);
    std::fs::rename(
        dir.path().join("content/2024/harbour"),
        dir.path().join("content/2024/port"),
    )
    .unwrap();
    for _ in 0..100 {
        if server.get("/2024/port/tide-tables/").0 == 200
            && server.get("/2024/harbour/tide-tables/").0 == 404
        {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("the renamed folder's reports did not move");
}

/// Every page the server sends, without the reload script, is the page a
/// fresh `dossier build` of the same files writes: after each body edit,
/// whether it only changes text (the report's page alone is rendered
/// again) or also what the report cites and mentions (its sources',
/// entities' and index pages too).
#[test]
fn pages_served_after_body_edits_match_a_fresh_build() {
    let dir = fixture("full");
    // A second report linking the Night Crew, so that a third one gives
    // its list a second page (two reports a page) and losing it takes it away.
    std::fs::write(
        dir.path().join("content/2024/crew-notes.md"),
        "---\ntitle: Crew notes\ndate: 2024-05-01\n---\nThe [[night-crew]] kept notes.\n",
    )
    .unwrap();
    let server = Server::start(dir.path(), &[]);
    let path = dir.path().join("content/2024/kell-crossing.md");
    let original = std::fs::read_to_string(&path).unwrap();
    let edits = [
        (
            "The passenger crossing",
            "The edited crossing",
            "The edited crossing",
        ),
        (
            "The passenger crossing",
            "A second source [@wind-bulletin, p. 9] and Ana Kell again. The passenger crossing",
            "p. 9",
        ),
        (
            "The passenger crossing",
            "The [[night-crew]] saw it. The passenger crossing",
            "saw it.",
        ),
        (
            "The passenger crossing",
            "Now without them. The passenger crossing",
            "Now without them.",
        ),
    ];
    let mut seen: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
    for (from, to, marker) in edits {
        assert!(original.contains(from));
        std::fs::write(&path, original.replacen(from, to, 1)).unwrap();
        let mut shown = false;
        for _ in 0..200 {
            if server.get("/2024/kell-crossing/").2.contains(marker) {
                shown = true;
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        assert!(shown, "the edit `{marker}` was not served");
        // The pages of one build are all in place before it is announced;
        // a short wait covers the time between the report and the rest.
        std::thread::sleep(std::time::Duration::from_millis(300));
        let out = build_ok(dir.path(), &[]);
        let mut compared = 0;
        let mut paths = std::collections::BTreeSet::new();
        for entry in walkdir::WalkDir::new(&out) {
            let entry = entry.unwrap();
            let rel = entry
                .path()
                .strip_prefix(&out)
                .unwrap()
                .to_str()
                .unwrap()
                .to_string();
            // The 404 page links from the served address on purpose
            // (see `the_404_page_stays_on_the_served_address`).
            if !(rel.ends_with(".html") || rel == "data/site.json") || rel == "404.html" {
                continue;
            }
            let built = std::fs::read_to_string(entry.path()).unwrap();
            let url = format!("/{}", rel.strip_suffix("index.html").unwrap_or(&rel));
            paths.insert(url.clone());
            let (status, _, served) = server.get(&url);
            assert!(status == 200 || rel == "404.html", "{url}: {status}");
            let served = strip_reload_script(&served);
            if served != built {
                let line = served
                    .lines()
                    .zip(built.lines())
                    .find(|(a, b)| a != b)
                    .map(|(a, b)| format!("served: {a}\nbuilt:  {b}"))
                    .unwrap_or_default();
                panic!("after `{marker}`, {url} differs from a fresh build:\n{line}");
            }
            compared += 1;
        }
        assert!(compared > 20, "only {compared} pages compared");
        // Pages that an earlier build had and this one has not are gone.
        for url in seen.difference(&paths) {
            assert_eq!(
                server.get(url).0,
                404,
                "after `{marker}`, {url} is still served"
            );
        }
        seen.extend(paths);
    }
    assert!(
        seen.contains("/entities/night-crew/page/2/"),
        "the Night Crew's list never had a second page"
    );
}

/// A served page without the script tag that `serve` adds.
fn strip_reload_script(html: &str) -> String {
    match html.find("<script src=\"/__dossier/live.js\"") {
        Some(start) => {
            let end = start + html[start..].find("</script>").unwrap() + "</script>".len();
            format!("{}{}", &html[..start], &html[end..])
        }
        None => html.to_string(),
    }
}

/// Files in `static/` named like files that dossier generates, each with
/// its own content.
const CLASHES: &[(&str, &str)] = &[
    ("robots.txt", "User-agent: *\nDisallow: /\n"),
    ("feed.xml", "<feed>hand-written</feed>\n"),
    ("sitemap.xml", "<urlset>hand-written</urlset>\n"),
    ("data/site.json", "{\"hand\": \"written\"}\n"),
    ("syntax.css", "/* hand-written */\n"),
    (
        "tags/index.html",
        "<!DOCTYPE html><title>Hand</title><body>hand-written tags</body>\n",
    ),
    (
        "2024/kell-crossing/index.html",
        "<!DOCTYPE html><title>Hand</title><body>hand-written report</body>\n",
    ),
];

#[test]
fn a_static_file_named_like_a_generated_one_replaces_it_in_build_and_serve() {
    let dir = fixture("full");
    for (path, text) in CLASHES {
        let file = dir.path().join("static").join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
    let out = build_ok(dir.path(), &[]);
    for (path, text) in CLASHES {
        let built = std::fs::read_to_string(out.join(path)).unwrap();
        assert_eq!(&built, text, "build: {path}");
    }

    let server = Server::start(dir.path(), &[]);
    let served = |path: &str| {
        let url = format!("/{}", path.strip_suffix("index.html").unwrap_or(path));
        let (status, _, body) = server.get(&url);
        assert_eq!(status, 200, "{url}");
        strip_reload_script(&body)
    };
    for (path, text) in CLASHES {
        assert_eq!(&served(path), text, "serve: {path}");
    }
    // An edit renders the report and data/site.json again; the static
    // files still take their places. The version the pages carry tells
    // when the new build is served.
    let version = |page: &str| {
        let body = server.get(page).2;
        let at = body.find("data-version=\"").unwrap() + "data-version=\"".len();
        body[at..].split('"').next().unwrap().to_string()
    };
    let before = version("/entities/");
    let report = dir.path().join("content/2024/kell-crossing.md");
    let original = std::fs::read_to_string(&report).unwrap();
    std::fs::write(
        &report,
        original.replacen("The passenger crossing", "The edited crossing", 1),
    )
    .unwrap();
    let mut rebuilt = false;
    for _ in 0..200 {
        if version("/entities/") != before {
            rebuilt = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(rebuilt, "the edit was never published");
    for (path, text) in CLASHES {
        assert_eq!(&served(path), text, "serve after an edit: {path}");
    }
}

/// A site with one report and none of the folders `serve` watches but
/// `content/`.
fn bare_site() -> tempfile::TempDir {
    site(&[(
        "content/first.md",
        "---\ntitle: First\ndate: 2024-01-01\n---\nBody.\n",
    )])
}

/// The default theme's base template with `marker` in its footer.
fn marked_base(marker: &str) -> String {
    let base = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html"),
    )
    .unwrap();
    base.replace("</footer>", &format!("<p>{marker}</p></footer>"))
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn folders_created_after_start_are_watched_at_once() {
    let dir = bare_site();
    let root = dir.path();
    let server = Server::start(root, &[]);
    assert_eq!(server.get("/first/").0, 200);

    // `static/` did not exist: its first file, in a folder of its own.
    write(root, "static/images/a.jpg", "jpeg");
    server.wait("/images/a.jpg", "a file in a new static/", |s, b| {
        s == 200 && b == "jpeg"
    });
    // A first template override, in a new `templates/`.
    write(root, "templates/base.html", &marked_base("first override"));
    server.wait("/first/", "a new templates/base.html", |_, b| {
        b.contains("first override")
    });
    // A theme folder of the site's own, made after start.
    write(root, "themes/default/static/theme.txt", "from the theme");
    server.wait("/theme.txt", "a file in a new themes/", |s, b| {
        s == 200 && b == "from the theme"
    });
    // New nested folders under watched ones.
    write(root, "static/a/b/c.txt", "nested");
    server.wait(
        "/a/b/c.txt",
        "a file in a new nested static folder",
        |s, _| s == 200,
    );
    write(
        root,
        "content/2025/deep/later.md",
        "---\ntitle: Later\ndate: 2025-01-01\n---\nBody.\n",
    );
    server.wait(
        "/2025/deep/later/",
        "a report in new nested folders",
        |s, _| s == 200,
    );
    // A theme named before its folder exists, then made.
    std::fs::write(root.join("dossier.yaml"), format!("{CONFIG}theme: paper\n")).unwrap();
    std::fs::remove_dir_all(root.join("templates")).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    write(
        root,
        "themes/paper/templates/base.html",
        &marked_base("paper theme"),
    );
    server.wait("/first/", "a theme made after it was named", |_, b| {
        b.contains("paper theme")
    });
}

#[test]
fn content_created_after_start_is_watched() {
    let dir = site(&[]);
    let root = dir.path();
    let server = Server::start(root, &[]);
    assert_eq!(server.get("/").0, 200);
    write(
        root,
        "content/2024/first.md",
        "---\ntitle: First\ndate: 2024-01-01\n---\nBody.\n",
    );
    server.wait("/2024/first/", "a report in a new content/", |s, _| {
        s == 200
    });
    write(
        root,
        "content/2024/second.md",
        "---\ntitle: Second\ndate: 2024-01-02\n---\nBody.\n",
    );
    server.wait("/2024/second/", "a second report", |s, _| s == 200);
}

#[test]
fn folders_moved_in_with_their_files_are_served() {
    let dir = bare_site();
    let root = dir.path();
    // Made beside the site's folders, under a hidden name that serve
    // ignores, then moved in whole.
    write(root, ".staging/static/moved.txt", "moved static");
    write(root, ".staging/pics/p.txt", "moved pictures");
    write(
        root,
        ".staging/more/moved.md",
        "---\ntitle: Moved\ndate: 2024-02-01\n---\nBody.\n",
    );
    write(
        root,
        ".staging/templates/base.html",
        &marked_base("moved templates"),
    );
    let server = Server::start(root, &[]);
    std::fs::rename(root.join(".staging/static"), root.join("static")).unwrap();
    server.wait("/moved.txt", "a static/ moved in", |s, _| s == 200);
    std::fs::rename(root.join(".staging/pics"), root.join("static/pics")).unwrap();
    server.wait("/pics/p.txt", "a folder moved into static/", |s, _| {
        s == 200
    });
    std::fs::rename(root.join(".staging/more"), root.join("content/more")).unwrap();
    server.wait("/more/moved/", "a folder moved into content/", |s, _| {
        s == 200
    });
    std::fs::rename(root.join(".staging/templates"), root.join("templates")).unwrap();
    server.wait("/first/", "a templates/ moved in", |_, b| {
        b.contains("moved templates")
    });
}

#[test]
fn a_watched_folder_deleted_and_made_again_is_watched_again() {
    let dir = bare_site();
    let root = dir.path();
    write(root, "static/one.txt", "one");
    write(root, "templates/base.html", &marked_base("old override"));
    let server = Server::start(root, &[]);
    assert_eq!(server.get("/one.txt").0, 200);

    std::fs::remove_dir_all(root.join("static")).unwrap();
    server.wait("/one.txt", "a deleted static/", |s, _| s == 404);
    write(root, "static/two.txt", "two");
    server.wait("/two.txt", "a static/ made again", |s, _| s == 200);
    write(root, "static/three.txt", "three");
    server.wait("/three.txt", "a second file in it", |s, _| s == 200);

    std::fs::remove_dir_all(root.join("templates")).unwrap();
    server.wait("/first/", "a deleted templates/", |_, b| {
        !b.contains("old override")
    });
    write(root, "templates/base.html", &marked_base("new override"));
    server.wait("/first/", "a templates/ made again", |_, b| {
        b.contains("new override")
    });

    std::fs::remove_dir_all(root.join("content")).unwrap();
    server.wait("/first/", "a deleted content/", |s, _| s == 404);
    write(
        root,
        "content/again.md",
        "---\ntitle: Again\ndate: 2024-03-01\n---\nBody.\n",
    );
    server.wait("/again/", "a content/ made again", |s, _| s == 200);
    write(
        root,
        "content/more.md",
        "---\ntitle: More\ndate: 2024-03-02\n---\nBody.\n",
    );
    server.wait("/more/", "a second report in it", |s, _| s == 200);
}

#[test]
fn a_deleted_stylesheet_is_no_longer_served() {
    let dir = bare_site();
    let root = dir.path();
    write(root, "static/extra.css", "p { color: red; }\n");
    write(root, "static/note.txt", "note");
    let server = Server::start(root, &[]);
    assert_eq!(server.get("/extra.css").0, 200);
    std::fs::remove_file(root.join("static/extra.css")).unwrap();
    server.wait("/extra.css", "a deleted stylesheet", |s, _| s == 404);
    std::fs::remove_file(root.join("static/note.txt")).unwrap();
    server.wait("/note.txt", "a deleted static file", |s, _| s == 404);
}

/// `dossier serve` run to its end (or stopped after five seconds):
/// exit status and stderr.
fn serve_to_the_end(root: &Path) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["serve", "--port", "0"])
        .current_dir(root)
        .env("NO_COLOR", "1")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let mut status = None;
    for _ in 0..100 {
        if let Some(s) = child.try_wait().unwrap() {
            status = s.code();
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    if status.is_none() {
        let _ = child.kill();
        let _ = child.wait();
    }
    (status, reader.join().unwrap())
}

/// Where `build` stops before writing (configuration, theme), `serve`
/// has no site to serve: it stops too, with `build`'s messages and exit
/// status, before it listens.
#[test]
fn serve_stops_where_build_stops_at_the_start() {
    let cases: &[(&str, &[(&str, &str)])] = &[
        (
            "no dossier.yaml",
            &[("content/a.md", "---\ntitle: A\n---\n")],
        ),
        (
            "a broken dossier.yaml",
            &[(
                "dossier.yaml",
                "title: T\nbase_url: https://example.com/\ntheem: x\n",
            )],
        ),
        (
            "a dossier.yaml without its required fields",
            &[("dossier.yaml", "title: T\n")],
        ),
        (
            "a theme that is not there",
            &[(
                "dossier.yaml",
                "title: T\nbase_url: https://example.com/\ntheme: paper\n",
            )],
        ),
        (
            "a template that does not parse",
            &[("templates/base.html", "{% if %}\n")],
        ),
    ];
    for (case, files) in cases {
        let dir = site(files);
        if *case == "no dossier.yaml" {
            std::fs::remove_file(dir.path().join("dossier.yaml")).unwrap();
        }
        let built = dossier(&["build"], dir.path());
        assert_eq!(built.status.code(), Some(2), "{case}: build");
        let (status, served) = serve_to_the_end(dir.path());
        assert_eq!(status, Some(2), "{case}: serve kept running:\n{served}");
        assert_eq!(served, stderr(&built), "{case}: serve and build differ");
        assert!(!served.contains("serving"), "{case}: {served}");
    }
}

impl Server {
    /// What the event stream sends first: the version served, and the
    /// problems of the last build when it failed.
    fn first_events(&self) -> String {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(std::time::Duration::from_millis(500)))
            .unwrap();
        write!(
            stream,
            "GET /__dossier/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        let mut buf = [0; 4096];
        while let Ok(n) = stream.read(&mut buf) {
            if n == 0 {
                break;
            }
            raw.extend_from_slice(&buf[..n]);
        }
        String::from_utf8_lossy(&raw).into_owned()
    }
}

/// A report with an error from the start: serve runs, shows the problem
/// on every page it is asked for (there is no last good page yet), and
/// serves the site once it is fixed.
#[test]
fn content_errors_at_the_start_are_shown_until_fixed() {
    let report = "---\ntitle: First\ndate: 2024-01-01\n---\nBody.\n";
    let dir = site(&[("content/first.md", &report.replace("01-01", "01-41"))]);
    let root = dir.path();
    // It starts (`start` fails if it stops first).
    let server = Server::start(root, &[]);
    assert!(
        !server.banner.contains("last good site"),
        "{}",
        server.banner
    );
    assert!(
        server
            .banner
            .contains("nothing is served yet; fix the errors above"),
        "{}",
        server.banner
    );
    for path in ["/", "/first/", "/style.css"] {
        let (status, head, body) = server.get(path);
        assert_eq!(status, 503, "{path}");
        assert!(head.contains("content-type: text/html"), "{path}");
        assert!(body.contains("/__dossier/live.js"), "{path}: {body}");
    }
    let events = server.first_events();
    assert!(events.contains("event: problems"), "{events}");
    assert!(events.contains("content/first.md"), "{events}");
    write(root, "content/first.md", report);
    server.wait("/first/", "the fixed report", |s, _| s == 200);
    assert_eq!(server.get("/style.css").0, 200);
}

/// `dossier.yaml` broken while serving: the last good site stays, and the
/// problem goes to the browser.
#[test]
fn a_config_broken_while_serving_keeps_the_last_good_site() {
    let dir = bare_site();
    let root = dir.path();
    let server = Server::start(root, &[]);
    assert_eq!(server.get("/first/").0, 200);
    std::fs::write(root.join("dossier.yaml"), format!("{CONFIG}theem: x\n")).unwrap();
    for _ in 0..200 {
        if server.first_events().contains("event: problems") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let events = server.first_events();
    assert!(events.contains("dossier.yaml"), "{events}");
    assert!(events.contains("theem"), "{events}");
    assert_eq!(server.get("/first/").0, 200);
    std::fs::remove_file(root.join("dossier.yaml")).unwrap();
    for _ in 0..200 {
        if server.first_events().contains("no dossier.yaml") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(server.first_events().contains("no dossier.yaml"));
    assert_eq!(server.get("/first/").0, 200);
    std::fs::write(root.join("dossier.yaml"), CONFIG).unwrap();
    for _ in 0..200 {
        if !server.first_events().contains("event: problems") {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("the problems stayed after the fix");
}

/// The 404 page is sent for a missing URL at any depth. A build's links
/// in it from `base_url`, where it is published; serve's link from the
/// served address's root, so that it is styled and its links stay there.
#[test]
fn the_404_page_stays_on_the_served_address() {
    let dir = fixture("full");
    let server = Server::start(dir.path(), &[]);
    for path in ["/missing", "/2024/no/such/page/", "/entities/nobody/"] {
        let (status, _, body) = server.get(path);
        assert_eq!(status, 404, "{path}");
        let html = scraper::Html::parse_document(&body);
        let styles = attrs(&html, "link[rel=stylesheet]", "href");
        assert_eq!(styles, ["/style.css"], "{path}");
        let links = attrs(&html, "a[href]", "href");
        assert!(links.len() > 4, "{path}: {links:?}");
        for link in links.iter().filter(|l| !l.starts_with('#')) {
            assert!(
                link.starts_with('/') && !link.starts_with("//"),
                "{path}: {link} leaves the served address"
            );
            let target = link.split('#').next().unwrap();
            assert_eq!(server.get(target).0, 200, "{path}: {link}");
        }
        assert_eq!(server.get("/style.css").0, 200);
    }
    // The built page still links from `base_url`, for any host.
    let public = build_ok(dir.path(), &[]);
    let built = page(&public.join("404.html"));
    assert_eq!(
        attrs(&built, "link[rel=stylesheet]", "href"),
        ["https://example.com/full/style.css"]
    );
    assert!(
        attrs(&built, "a[href]", "href")
            .iter()
            .all(|l| l.starts_with("https://example.com/full/") || l.starts_with('#'))
    );
}

#[test]
fn serve_inside_content_serves_the_site_above() {
    let dir = fixture("full");
    let server = Server::start(&dir.path().join("content/2024"), &[]);
    assert!(
        server
            .banner
            .contains("using the site at ../../ (../../dossier.yaml)"),
        "{}",
        server.banner
    );
    let (status, _, _) = server.get("/2024/kell-crossing/");
    assert_eq!(status, 200);
}

/// A bibliography entry's page comes when a body edit cites it, goes when
/// the last citation goes, and an edit of the bibliography file is served.
#[test]
fn bibliography_entries_follow_body_edits_and_file_edits() {
    let dir = site(&[
        (
            "dossier.yaml",
            "title: T\nbase_url: https://e.org/\nbibliography: refs/library.bib\n",
        ),
        (
            "refs/library.bib",
            "@report{unep-gap, title = {Emissions Gap Report}}\n@misc{other, title = {Other}}\n",
        ),
        (
            "content/a.md",
            "---\ntitle: A\ndate: 2024-01-02\n---\nNothing yet [@other].\n",
        ),
    ]);
    let server = Server::start(dir.path(), &[]);
    let wait = |url: &str, want: u16, text: &str| {
        for _ in 0..200 {
            let (status, _, body) = server.get(url);
            if status == want && body.contains(text) {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!("{url} never answered {want} with `{text}`");
    };
    wait("/sources/unep-gap/", 404, "");
    let report = dir.path().join("content/a.md");
    std::fs::write(
        &report,
        "---\ntitle: A\ndate: 2024-01-02\n---\nNow [@unep-gap] and [@other].\n",
    )
    .unwrap();
    wait("/sources/unep-gap/", 200, "Emissions Gap Report");
    std::fs::write(
        &report,
        "---\ntitle: A\ndate: 2024-01-02\n---\nOnly [@other].\n",
    )
    .unwrap();
    wait("/sources/unep-gap/", 404, "");
    std::fs::write(
        dir.path().join("refs/library.bib"),
        "@report{unep-gap, title = {Emissions Gap Report}}\n@misc{other, title = {Other, revised}}\n",
    )
    .unwrap();
    wait("/sources/other/", 200, "Other, revised");
}

/// A report's bundle files are served beside its page; editing one (an
/// image redrawn at another size) is served at once, and the page that
/// shows it follows.
#[test]
fn an_edited_bundle_file_is_served_with_the_page_that_shows_it() {
    let svg = |w: u32, h: u32| {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\"><rect width=\"{w}\" height=\"{h}\"/></svg>\n"
        )
    };
    let dir = site(&[
        (
            "content/2024/harbour/index.md",
            "---\ntitle: Harbour\ndate: 2024-01-02\n---\n![Berths per month](chart.svg \"Berths [Chart: Newsroom]\")\n\n[Data](data/berths.csv)\n",
        ),
        ("content/2024/harbour/chart.svg", &svg(40, 20)),
        ("content/2024/harbour/data/berths.csv", "berth\n1\n"),
    ]);
    let server = Server::start(dir.path(), &[]);
    let (status, _, body) = server.get("/2024/harbour/chart.svg");
    assert_eq!((status, body), (200, svg(40, 20)));
    assert_eq!(server.get("/2024/harbour/data/berths.csv").2, "berth\n1\n");
    assert!(
        server
            .get("/2024/harbour/")
            .2
            .contains("width=\"40\" height=\"20\"")
    );
    write(dir.path(), "content/2024/harbour/chart.svg", &svg(80, 60));
    server.wait("/2024/harbour/chart.svg", "the redrawn chart", |s, b| {
        s == 200 && b == svg(80, 60)
    });
    server.wait(
        "/2024/harbour/",
        "the page with the chart's new size",
        |s, b| s == 200 && b.contains("width=\"80\" height=\"60\""),
    );
    write(
        dir.path(),
        "content/2024/harbour/data/berths.csv",
        "berth\n2\n",
    );
    server.wait(
        "/2024/harbour/data/berths.csv",
        "the edited data",
        |s, b| s == 200 && b == "berth\n2\n",
    );
}

#[test]
fn serve_shows_a_photo_with_its_copies_from_the_build_cache_and_never_prunes() {
    use dossier::images::test_images::gradient_jpeg;
    let dir = site(&[(
        "content/2024/quay/index.md",
        "---\ntitle: Quay\ndate: 2024-01-02\n---\n![Two ships at the quay](photo.jpg)\n",
    )]);
    std::fs::write(
        dir.path().join("content/2024/quay/photo.jpg"),
        gradient_jpeg(600, 400),
    )
    .unwrap();
    build_ok(dir.path(), &[]);
    let cache = dir.path().join(".dossier-cache/images");
    // An entry no image uses: only a whole build may delete it.
    std::fs::write(cache.join("stale"), "x").unwrap();
    let server = Server::start(dir.path(), &[]);
    let (status, _, body) = server.get("/2024/quay/");
    assert_eq!(status, 200);
    assert!(
        body.contains("srcset=\"photo-480w.jpg 480w, photo.jpg 600w\""),
        "{body}"
    );
    let (status, head, _) = server.get("/2024/quay/photo-480w.jpg");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: image/jpeg"), "{head}");
    drop(server);
    // serve used the same folder (no second copy) and pruned nothing:
    // the build's copy, published photo and memo, and the stale entry.
    assert_eq!(std::fs::read_dir(&cache).unwrap().count(), 4);
    assert!(cache.join("stale").is_file());
}

/// The search index follows an edit: the page is served first, the index
/// after it, built on a thread of its own; the last index is served until
/// then, so the search never goes missing.
#[test]
fn the_search_index_is_rebuilt_after_an_edit() {
    let dir = fixture("full");
    let server = Server::start(dir.path(), &[]);
    let entry = "/search/pagefind/pagefind-entry.json";
    server.wait(entry, "the first index", |status, _| status == 200);
    let before = server.get(entry).2;
    assert!(server.get("/search/").2.contains("search-form"));
    let path = dir.path().join("content/2024/kell-crossing.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("The passenger crossing", "The zanzibar crossing"),
    )
    .unwrap();
    server.wait("/2024/kell-crossing/", "the edited page", |_, body| {
        body.contains("zanzibar")
    });
    // The entry names the index by a hash of its words: a new index has
    // a new name; the old one is served until it is in place.
    server.wait(entry, "a new index", |status, body| {
        assert_eq!(status, 200, "the index went missing");
        body != before
    });
    let (status, _, _) = server.get("/search/pagefind/pagefind.js");
    assert_eq!(status, 200);
}
