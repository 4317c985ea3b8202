//! The `doorman-shop` command line, run as the built binary: help, version, refusals with exit
//! status 2, and the two settings that come as a flag or from the environment.
// Test code throughout, helpers included: clippy.toml's allowances reach only #[test] functions.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};

const SHOP: &str = env!("CARGO_BIN_EXE_doorman-shop");
const SETTINGS: [&str; 2] = ["DOORMAN_SHOP_ORIGINS", "DOORMAN_SHOP_DRAW"];

/// The shop run with `args` and `env`, with none of its settings inherited from this process.
fn shop(args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut command = Command::new(SHOP);
    command.args(args);
    for name in SETTINGS {
        command.env_remove(name);
    }
    command.envs(env.iter().copied());
    command
}

fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    shop(args, env).stdin(Stdio::null()).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn help_exits_0_and_lists_every_flag_and_setting() {
    for flag in ["--help", "-h"] {
        let out = run(&[flag], &[]);
        assert_eq!(out.status.code(), Some(0), "{flag}: {}", text(&out.stderr));
        let help = text(&out.stdout);
        for listed in [
            "--host <ADDR>", "--port <N>", "--db <FILE>", "--www <DIR>", "--dist <DIR>", "--fixtures <DIR>",
            "--prizes <TABLE>", "--origins <LIST>", "--draw <WHO>", "--help", "--version",
            "DOORMAN_SHOP_ORIGINS", "DOORMAN_SHOP_DRAW",
            "[default: 127.0.0.1]", "[default: 8080]", "[default: doorman-shop.sqlite]", "[default: www]", "[default: dist]",
            "[default: any]",
        ] {
            assert!(help.contains(listed), "{flag} does not list {listed}:\n{help}");
        }
    }
}

#[test]
fn version_exits_0_and_names_the_version() {
    for flag in ["--version", "-V"] {
        let out = run(&[flag], &[]);
        assert_eq!(out.status.code(), Some(0), "{flag}");
        assert_eq!(text(&out.stdout).trim(), concat!("doorman-shop ", env!("CARGO_PKG_VERSION")));
    }
}

#[test]
fn wrong_command_lines_exit_2_naming_what_is_wrong() {
    // (arguments, environment, what the message must name)
    type Case<'a> = (&'a [&'a str], &'a [(&'a str, &'a str)], &'a [&'a str]);
    let cases: [Case; 8] = [
        (&["--bogus"], &[], &["--bogus"]),
        (&["--help=now"], &[], &["--help", "now"]),
        (&["--port"], &[], &["--port"]),
        (&["--port", "eighty"], &[], &["--port", "eighty"]),
        (&["--prizes", "only one|ONE|1"], &[], &["--prizes", "only one|ONE|1"]),
        (&["--origins", "https://shop.example/cart"], &[], &["--origins", "https://shop.example/cart"]),
        (&[], &[("DOORMAN_SHOP_ORIGINS", "shop.example")], &["--origins", "shop.example"]),
        (&[], &[("DOORMAN_SHOP_DRAW", "page")], &["--draw", "page", "any, shop"]),
    ];
    for (args, env, named) in cases {
        let out = run(args, env);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?} {env:?}: {stderr}");
        assert!(stderr.starts_with("error: "), "{args:?} {env:?}: {stderr}");
        for name in named {
            assert!(stderr.contains(name), "{args:?} {env:?} does not name {name}: {stderr}");
        }
        assert!(out.stdout.is_empty(), "{args:?} {env:?}");
    }
}

/// A running shop on a free port with its own database; killed when dropped.
struct Running {
    child: std::process::Child,
    address: String,
    db: std::path::PathBuf,
}

impl Running {
    fn start(args: &[&str], env: &[(&str, &str)]) -> Running {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let db = std::env::temp_dir().join(format!("doorman-shop-cli-{}-{}.sqlite", std::process::id(), NEXT.fetch_add(1, Ordering::SeqCst)));
        let mut all = vec!["--port", "0", "--db", db.to_str().unwrap()];
        all.extend_from_slice(args);
        let mut child = shop(&all, env).stdin(Stdio::null()).stdout(Stdio::piped()).spawn().unwrap();
        // The shop prints its address once it listens; an exit before that ends the read empty.
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let address = line.strip_prefix("Preview shop: http://").and_then(|rest| rest.split('/').next()).unwrap_or_else(|| panic!("{args:?} {env:?}: {line:?}")).to_string();
        Running { child, address, db }
    }

    /// The `Access-Control-Allow-Origin` the sign-up route's preflight answers a page at `origin` with.
    fn allowed_origin(&self, origin: &str) -> Option<String> {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        write!(
            stream,
            "OPTIONS /apps/doorman/signups HTTP/1.1\r\nHost: {}\r\nOrigin: {origin}\r\nAccess-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: content-type\r\nConnection: close\r\n\r\n",
            self.address
        )
        .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        assert!(answer.starts_with("HTTP/1.1 2"), "{answer}");
        answer.lines().find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("access-control-allow-origin").then(|| value.trim().to_string())
        })
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.db.display()));
        }
    }
}

#[test]
fn storefront_origins_come_from_the_flag_or_the_environment() {
    let a = "https://a.example";
    let b = "https://b.example";
    let by_flag = Running::start(&["--origins", "https://A.example/, https://b.example"], &[]);
    assert_eq!(by_flag.allowed_origin(a).as_deref(), Some(a));
    assert_eq!(by_flag.allowed_origin(b).as_deref(), Some(b));
    assert_eq!(by_flag.allowed_origin("https://c.example"), None);

    let by_env = Running::start(&[], &[("DOORMAN_SHOP_ORIGINS", "https://a.example https://b.example")]);
    assert_eq!(by_env.allowed_origin(a).as_deref(), Some(a));
    assert_eq!(by_env.allowed_origin(b).as_deref(), Some(b));

    // The flag wins over the environment.
    let both = Running::start(&["--origins", b], &[("DOORMAN_SHOP_ORIGINS", a)]);
    assert_eq!(both.allowed_origin(a), None);
    assert_eq!(both.allowed_origin(b).as_deref(), Some(b));

    // Neither, or an empty setting: the shop's own pages only.
    for env in [&[][..], &[("DOORMAN_SHOP_ORIGINS", ""), ("DOORMAN_SHOP_DRAW", "")][..]] {
        let neither = Running::start(&[], env);
        assert_eq!(neither.allowed_origin(a), None, "{env:?}");
    }
}
