//! `doorman-shop [--port N] [--host ADDR] [--db FILE] [--www DIR] [--dist DIR] [--fixtures DIR]
//! [--prizes "label|code|weight; ..."]`

use std::path::PathBuf;
use std::process::ExitCode;

use doorman::prize::{parse_prizes, Prize};
use doorman_shop::{app, Db, Paths, Policy, Shop, DEFAULT_PRIZES};

struct Args {
    host: String,
    port: u16,
    db: PathBuf,
    paths: Paths,
    prizes: Vec<Prize>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        host: "127.0.0.1".into(),
        port: 8080,
        db: "doorman-shop.sqlite".into(),
        paths: Paths { www: "www".into(), dist: "dist".into(), fixtures: None },
        prizes: parse_prizes(DEFAULT_PRIZES).unwrap_or_default(),
    };
    let mut words = std::env::args().skip(1);
    while let Some(flag) = words.next() {
        let value = words.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--host" => args.host = value,
            "--port" => args.port = value.parse().map_err(|_| format!("--port {value}: expected a port number"))?,
            "--db" => args.db = value.into(),
            "--www" => args.paths.www = value.into(),
            "--dist" => args.paths.dist = value.into(),
            "--fixtures" => args.paths.fixtures = Some(value.into()),
            "--prizes" => {
                args.prizes = parse_prizes(&value).ok_or_else(|| format!("--prizes {value}: expected label|code|weight; ..."))?
            }
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    Ok(args)
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("doorman-shop: {message}\nusage: doorman-shop [--port N] [--host ADDR] [--db FILE] [--www DIR] [--dist DIR] [--fixtures DIR] [--prizes TABLE]");
            return ExitCode::from(2);
        }
    };
    let policy = match Policy::from_env() {
        Ok(policy) => policy,
        Err(message) => {
            eprintln!("doorman-shop: {message}");
            return ExitCode::from(2);
        }
    };
    let db = match Db::open(&args.db) {
        Ok(db) => db,
        Err(e) => {
            eprintln!("doorman-shop: cannot open {}: {e}", args.db.display());
            return ExitCode::FAILURE;
        }
    };
    let listener = match tokio::net::TcpListener::bind((args.host.as_str(), args.port)).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("doorman-shop: cannot listen on {}:{}: {e}", args.host, args.port);
            return ExitCode::FAILURE;
        }
    };
    let address = listener.local_addr().map(|a| a.to_string()).unwrap_or_default();
    // Tests read this line to learn the port when started with --port 0.
    println!("Preview shop: http://{address}/  (sign-ups in {})", args.db.display());
    let router = app(Shop::with_policy(db, args.prizes, policy), &args.paths);
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    // The client's address is what sign-ups are rate-limited by.
    let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
    match axum::serve(listener, service).with_graceful_shutdown(shutdown).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("doorman-shop: {e}");
            ExitCode::FAILURE
        }
    }
}
