//! `dossier serve` over real HTTP: what it answers, and what it refuses.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
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
            if !(rel.ends_with(".html") || rel == "data/site.json") {
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
